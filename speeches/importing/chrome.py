"""Web-page chrome, recognised by its shape rather than by a list of lines.

Every site words its buttons differently (【打印】【关闭】, 字体：大 中 小, 分享到：微信 微博, 点击查看专题,
打印本页 | 关闭窗口), but chrome always has the same shape: a short line with no sentence of the body's kind,
made of interface words, brackets, separators and counters; or a copyright line; or an editor's or a
source's name (（责任编辑：王安）, 来源：人民网). `is_chrome` tells such a line; `header` and the pipeline drop
it at the top, at the end and between paragraphs.

`UI_WORDS` is the vocabulary chrome is built from, not a list of lines: a line is chrome when each of its
pieces (split at brackets, separators and spaces) is made of these words, digits or a short Latin
token, so 分享到微信朋友圈 and 扫描二维码在手机打开 are recognised without being listed.
"""

from __future__ import annotations

import functools
import re

# The words of buttons, pickers, share bars, navigation, counters and bylines of web pages.
_UI_VOCABULARY = """
下载 打印 全屏 收藏 分享 分享到 关闭 窗口 返回 顶部 首页 主页 本页 本文 当前 位置 您的 你的 您 你 所在
字号 字体 超大 默认 标准 加大 还原 减小 放大 缩小 大字 小字 正常
微信 朋友圈 好友 微博 新浪 腾讯 QQ空间 空间 人人网 豆瓣 知乎 抖音 快手 头条 客户端 移动端 手机版 手机 电脑版
复制 链接 网址 二维码 扫一扫 扫描 识别 长按 打开 关注 公众号 订阅 下载客户端
点击 查看 进入 阅读 浏览 更多 专题 原文 全文 正文 详情 详细 大图 图片 图集 组图 视频 音频 播放 直播 回放
纠错 我要纠错 评论 留言 跟帖 举报 点赞 推荐 转发 转载 分享给 发送 发给 上一篇 下一篇 上一页 下一页 上一条 下一条
登录 注册 退出 搜索 检索 高级 站内 网站 地图 导航 栏目 频道 首发 独家 热门 热点 排行 排行榜 相关 新闻 资讯 要闻
文档 报道 稿件 文章 延伸 猜你喜欢 推荐阅读 往期 回顾
阅读量 阅读数 浏览量 浏览数 次数 点击数 点击量 人次 次 人 字 号 条 篇 页 版
来源 作者 编辑 责任编辑 责编 时间 发布 发布时间 日期 打印本页 关闭窗口 返回顶部 当前页 无障碍 繁体 简体 繁 简
"""
UI_WORDS = frozenset(_UI_VOCABULARY.split())
# Single characters that only count between interface words or alone in a piece (在手机打开, 大 中 小).
_GLUE = frozenset("在到至于此本该的和或及")
_SIZES = frozenset("大中小")
_LATIN_UI = re.compile(r"^(?:qq|wap|rss|app|en|english|print|close|share|top|home|pdf|word|wechat|weibo|\d{1,12})$")
# Pieces of a line: split at brackets, separators, punctuation that chrome uses, and spaces.
_SEPARATORS = re.compile(
    r"[\s\u3000|｜/／\\>＞»›<＜«‹·•●○◆◇■□▪▫★☆※→←↑↓\-—―─_=+*#＃:：;；,，、【】\[\]〔〕（）()「」『』《》<>\"“”'‘’!！?？]+"
)
MAX_CHROME_CHARS = 40
_OPENING = frozenset("（(“‘《「『")
# 版权所有 © 2026 某某网 京ICP备12345678号: a site's footer.
_COPYRIGHT = re.compile(
    r"©|Ⓒ|\(c\)|版权所有|copyright|all rights reserved|icp备|icp证|公网安备|网安备|不良信息举报|"
    r"未经授权|不得转载|禁止转载|转载请注明",
    re.IGNORECASE,
)
MAX_COPYRIGHT_CHARS = 120
# （责任编辑：王安）, 编辑：何继红, 来源：人民网－人民日报, 文/图：张三, 标签：… (a name, a source or tags: short).
_CREDIT = re.compile(
    r"(?i)^[（(【\[]?\s*(?:责任编辑|责编|编辑|主编|审核|审校|校对|编审|值班编辑|监制|制作|作者|记者|通讯员|实习生|"
    r"来源|稿源|出处|摄影|摄像|文/图|文图|图/文|图|文|供图|发布|发布人|标签|关键词|关键字|tags?)\s*[：:]\s*[^，。！？；]{0,30}[）)】\]]?$"
)
# 首页 > 新闻中心 > 时政: a breadcrumb; 上一篇：…, 相关阅读：…: links to other pages, whatever their titles.
_NAVIGATION = re.compile(
    r"(?i)^(?:(?:网站)?首页|主页|home)\s*[>＞»›]|^[【\[]?(?:上一篇|下一篇|上一条|下一条|相关阅读|推荐阅读|延伸阅读|"
    r"相关新闻|相关报道|相关链接|热点推荐|猜你喜欢)[】\]]?\s*[：:>＞]"
)
_SENTENCE = re.compile(r"[。！？!?；;]")


def is_chrome(line: str) -> bool:
    """Whether a stripped line has the shape of web-page chrome (see the module docstring)."""
    if not line:
        return False
    if _COPYRIGHT.search(line) and len(line) <= MAX_COPYRIGHT_CHARS:
        return True
    if _SENTENCE.search(line.rstrip("。！？!?；; ")) or len(line) > MAX_CHROME_CHARS:
        return False  # a sentence of the body's kind (a last full stop alone may close a credit)
    if _CREDIT.match(line) or _NAVIGATION.match(line):
        return True
    pieces = [piece for piece in _SEPARATORS.split(line) if piece]
    if not pieces:
        # Separators and brackets only (|, 】, ——); not an opening bracket alone: a page broke （三）… after it.
        return line not in _OPENING
    kinds = [_piece_kind(piece) for piece in pieces]
    return all(kinds) and any(kind == "word" for kind in kinds)


def _piece_kind(piece: str) -> str:
    """ "word" for a piece of interface words, "token" for a digit or Latin counter, "" for anything else."""
    if _LATIN_UI.match(piece.lower()):
        return "word" if not piece.isdigit() else "token"
    if set(piece) <= _SIZES:
        return "word"  # 大 中 小, 大中小
    return "word" if _made_of_ui_words(piece) else ""


@functools.lru_cache(maxsize=4096)
def _made_of_ui_words(piece: str) -> bool:
    """Whether the piece can be cut into interface words (with glue characters between them, never at an end)."""
    reachable = [True] + [False] * len(piece)
    longest = max(map(len, UI_WORDS))
    for end in range(1, len(piece) + 1):
        for start in range(max(0, end - longest), end):
            if not reachable[start]:
                continue
            part = piece[start:end]
            if part in UI_WORDS or (len(part) == 1 and part in _GLUE and start > 0 and end < len(piece)):
                reachable[end] = True
                break
    return reachable[-1]

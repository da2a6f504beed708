"""What a careful editor takes from each file in ../shared/corpus/as-found/ (written by reading each file).

Conventions used throughout (line numbers in comments are 1-based lines of the file as found):

- title / speaker / date are the edition's metadata; the header lines they come from (the title line,
  a headline that carries the title, a bare name or byline line, a date-only line such as
  （2016年7月1日） or （2014年11月11日，雁栖湖国际会议中心）) are neither paragraphs nor listed in `dropped`.
- `dropped` lists, in file order, every other non-blank line (stripped) that is not speech text: dataset
  id lines (always, even when they repeat the title), ——subtitles (even though they give the date),
  publication lines (发表时间：…, 时间：…, timestamps), 来源, datelines, news copy around the speech, photo
  captions, web chrome and newspaper notes. The glossary/notes block is counted in `appendix_lines`, not
  listed in `dropped`.
- `paragraphs` counts body paragraphs only: no headings, no header/debris lines, no appendix lines.
  Salutations (同志们，朋友们： / 各位代表：) are paragraphs. `first` / `last` are stored in full, exactly as
  in the file after stripping edge whitespace (internal whitespace kept).
- Headings: a line starting 一、/（一）/第一部分 that does not end with 。！？; level 1 for 一、, level 2 for （一）.
  Such lines ending with 。 (heading and text on one line, or a run-in head with a full stop) are paragraphs.
- No file here has a closing editor's note, so every source_note is "".
"""

AS_FOUND = {
    # Title: the text's own title line (line 2). The dataset id line above it spells the title with
    # quotes (在俄罗斯“中国旅游年”开幕式上的致辞); it is the dataset's label, not the text, so it is dropped.
    # Date: （２０１３年３月２２日，莫斯科） -- full-width digits; the place after the comma is part of the
    # date line (not dropped). Speaker: byline 中华人民共和国主席\u3000习近平.
    # The salutation is two lines (尊敬的普京总统， / 女士们，先生们，朋友们：): kept as two paragraphs,
    # one per line, although the first ends with a comma.
    "2013-03-22-xi-russia-tourism-year-opening.txt": {
        "title": "在俄罗斯中国旅游年开幕式上的致辞",
        "speaker": "习近平",
        "date": "2013-03-22",
        "source_note": "",
        "paragraphs": 12,
        "headings": [],
        "first": "尊敬的普京总统，",
        "last": "谢谢大家！",
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "2013-03-22_在俄罗斯“中国旅游年”开幕式上的致辞",
        ],
    },
    # Title: the text's own header block is title / （2013年6月18日） / 习近平, as an authorised speech text
    # is printed. Line 1 is the dataset id; its text (深入扎实开展…坚强保证) is the main line of Xinhua's
    # news headline about the meeting, not a main title of the speech (no ——subtitle follows it), so it is
    # dropped. A parser that strips the `2013-06-18_` prefix and takes that line would get the headline.
    "2013-06-18-xi-mass-line-campaign-meeting.txt": {
        "title": "在党的群众路线教育实践活动工作会议上的讲话",
        "speaker": "习近平",
        "date": "2013-06-18",
        "source_note": "",
        "paragraphs": 49,
        "headings": [
            (1, "一、充分认识开展党的群众路线教育实践活动的重大意义"),
            (1, "二、准确把握党的群众路线教育实践活动的指导思想和目标要求"),
            (1, "三、加强对教育实践活动的领导"),
        ],
        "first": (
            "围绕保持党的先进性和纯洁性，在全党深入开展以为民务实清廉为主要内容的党的群众路线教育实践活动，是党的十八"
            "大作出的一项重大部署。2013年5月9日，中共中央下发了《关于在全党深入开展党的群众路线教育实践活动的意见》，"
            "明确这次活动中央政治局带头开展，从今年下半年开始自上而下分两批进行，明年7月基本完成。"
        ),
        "last": (
            "同志们，这次教育实践活动意义重大、任务繁重。全党同志要积极参与到活动中来，以实际行动密切党群干群关系，取"
            "得群众满意的成效，使我们党始终成为中国特色社会主义事业的坚强领导核心，更好团结带领全国各族人民为实现党的"
            "十八大确定的目标任务而努力奋斗。"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "2013-06-18_深入扎实开展党的群众路线教育实践活动\u3000为实现党的十八大目标任务提供坚强保证",
        ],
    },
    # Title: the headline 习近平在纪念…讲话 (lines 2 and 4, identical) with the speaker prefix 习近平 removed;
    # the speaker is recorded separately (same as the colon rule for 习近平：…). Keeping the prefix
    # (习近平在纪念毛泽东同志诞辰120周年座谈会上的讲话) is the other defensible reading.
    # Date: （2013年12月26日）, not the publication time 时间:2013-12-27 nor the newspaper date.
    # Footer: （新华社北京12月26日电） and 《 人民日报 》（ 2013年12月27日 02 版） are newspaper notes,
    # dropped (no source_note). Salutation 同志们，朋友们： was indented with ASCII spaces: still a paragraph.
    "2013-12-26-xi-mao-zedong-120th-anniversary.txt": {
        "title": "在纪念毛泽东同志诞辰120周年座谈会上的讲话",
        "speaker": "习近平",
        "date": "2013-12-26",
        "source_note": "",
        "paragraphs": 67,
        "headings": [],
        "first": "同志们，朋友们：",
        "last": (
            "毛泽东同志说过：“中国人民有志气，有能力，一定要在不远的将来，赶上和超过世界先进水平。”实现我们确立的奋斗"
            "目标，我们既要有“乱云飞渡仍从容”的战略定力，又要有“不到长城非好汉”的进取精神。全党全国各族人民更加紧密地"
            "团结起来，勿忘昨天的苦难辉煌，无愧今天的使命担当，不负明天的伟大梦想，下定决心，排除万难，在中国特色社会"
            "主义伟大道路上，为实现中华民族伟大复兴的中国梦，前进！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "2013-12-26_在纪念毛泽东同志诞辰120周年座谈会上的讲话",
            "时间:2013-12-27\u3000\u3000\u3000来源：人民日报",
            "（新华社北京12月26日电）",
            "《 人民日报 》（ 2013年12月27日 02 版）",
        ],
    },
    # Title: the main title 共建面向未来的亚太伙伴关系, which is what a printed edition (and the source dataset's
    # file name, 2014-11-11_共建面向未来的亚太伙伴关系.txt) prints, with its subtitle
    # ——在亚太经合组织第二十二次领导人非正式会议上的开幕辞.
    # The first line 习近平在…开幕辞（全文） is the news site's headline: dropped, like the subtitle.
    # Date: （2014年11月11日，雁栖湖国际会议中心）. Speaker: byline 中华人民共和国主席  习近平 (two spaces).
    # A whitespace-only line (one space) and trailing spaces on most lines are not text.
    "2014-11-11-xi-apec-asia-pacific-partnership.txt": {
        "title": "共建面向未来的亚太伙伴关系",
        "speaker": "习近平",
        "date": "2014-11-11",
        "source_note": "",
        "paragraphs": 20,
        "headings": [],
        "first": "各位同事：",
        "last": "谢谢大家！",
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "习近平在亚太经合组织第二十二次领导人非正式会议上的开幕辞（全文）",
            "发表时间：2014-11-11\u3000\u3000\u3000来源：新华社",
            "新华社北京11月11日电",
            "——在亚太经合组织第二十二次领导人非正式会议上的开幕辞",
        ],
    },
    # Title: headline 习近平在省部级…讲话 with the speaker prefix removed (see the 2013-12-26 note).
    # Date: （2016年1月18日）; 2016年05月10日07:09 来源：人民网－人民日报 is the publication line (dropped).
    # Footer 《 人民日报 》（ 2016年05月10日 02 版） dropped. Speech starts without a salutation.
    "2016-01-18-xi-fifth-plenum-study-session.txt": {
        "title": "在省部级主要领导干部学习贯彻党的十八届五中全会精神专题研讨班上的讲话",
        "speaker": "习近平",
        "date": "2016-01-18",
        "source_note": "",
        "paragraphs": 86,
        "headings": [
            (1, "一、关于深入认识经济发展新常态"),
            (1, "二、关于深入理解新发展理念"),
            (1, "三、关于供给侧结构性改革"),
            (1, "四、关于把新发展理念落到实处"),
        ],
        "first": (
            "这次专题研讨班的主要任务是：深入学习领会党的十八届五中全会精神，特别是深入学习领会创新、协调、绿色、开放"
            "、共享的发展理念，以更好贯彻落实党的十八大和十八届三中、四中、五中全会精神，推动“十三五”时期我国经济社会"
            "持续健康发展，确保如期实现全面建成小康社会奋斗目标。"
        ),
        "last": (
            "大家都认为，一些干部“为官不为”已成了一个突出问题，各级党委就要不等不拖、辩证施策，争取尽快扭转。要加强对"
            "干部的教育培训，针对干部的知识空白、经验盲区、能力弱项，开展精准化的理论培训、政策培训、科技培训、管理培"
            "训、法规培训，突出针对性和实效性，从而增加兴奋点、消除困惑点，增强工作责任感和使命感，增强适应新形势新任"
            "务的信心和能力。要把严格管理干部和热情关心干部结合起来，既要求干部自觉履行组织赋予的各项职责，严格按照党"
            "的原则、纪律、规矩办事，不滥用权力、违纪违法，又对干部政治上激励、工作上支持、待遇上保障、心理上关怀，让"
            "广大干部安心、安身、安业，推动广大干部心情舒畅、充满信心，积极作为、敢于担当。要把干部在推进改革中因缺乏"
            "经验、先行先试出现的失误和错误，同明知故犯的违纪违法行为区分开来；把上级尚无明确限制的探索性试验中的失误"
            "和错误，同上级明令禁止后依然我行我素的违纪违法行为区分开来；把为推动发展的无意过失，同为谋取私利的违纪违"
            "法行为区分开来，保护那些作风正派又敢作敢为、锐意进取的干部，最大限度调动广大干部的积极性、主动性、创造性"
            "，激励他们更好带领群众干事创业，确保如期全面建成小康社会，不断开创社会主义现代化建设新局面。"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "2016年05月10日07:09   来源：人民网－人民日报",
            "《 人民日报 》（ 2016年05月10日 02 版）",
        ],
    },
    # Title: after the colon of 习近平：在庆祝…讲话, and repeated as the speech's own title line.
    # Date: （2016年7月1日）, not 发表时间：2016-07-02. The dateline 新华社北京7月1日电 stands alone: dropped.
    "2016-07-01-xi-cpc-95th-anniversary.txt": {
        "title": "在庆祝中国共产党成立95周年大会上的讲话",
        "speaker": "习近平",
        "date": "2016-07-01",
        "source_note": "",
        "paragraphs": 90,
        "headings": [],
        "first": "同志们，朋友们：",
        "last": (
            "“路漫漫其修远兮，吾将上下而求索。”全党同志一定要不忘初心、继续前进，永远保持谦虚、谨慎、不骄、不躁的作风"
            "，永远保持艰苦奋斗的作风，勇于变革、勇于创新，永不僵化、永不停滞，继续在这场历史性考试中经受考验，努力向"
            "历史、向人民交出新的更加优异的答卷！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "发表时间：2016-07-02\u3000\u3000\u3000来源：新华社",
            "新华社北京7月1日电",
        ],
    },
    # Title: the headline is news copy (国家主席习近平发表二〇一七年新年贺词); the work itself is the
    # 二〇一七年新年贺词, which is what a printed edition titles it. A parser keeping the headline verbatim
    # is the other reading. Speaker 习近平 from the headline (国家主席 is his office, not his name).
    # Date: the dateline 新华社北京12月31日电 with the year taken from the text (2016年即将过去): 2016-12-31.
    # The publication time 发表时间：2017-01-01 must NOT supply the year (2017-12-31 would be wrong).
    # Dropped as not part of the address: the publication line, Xinhua's standfirst (新年前夕，…贺词。)
    # and the dateline paragraph (新华社北京12月31日电  新年前夕，…全文如下：) -- news copy framing the speech,
    # not words of the speech; a parser that only drops lines that are nothing but a dateline keeps them.
    "2016-12-31-xi-new-year-address-2017.txt": {
        "title": "二〇一七年新年贺词",
        "speaker": "习近平",
        "date": "2016-12-31",
        "source_note": "",
        "paragraphs": 12,
        "headings": [],
        "first": (
            "2016年即将过去，新年的钟声即将敲响。在这辞旧迎新的美好时刻，我向全国各族人民，向香港特别行政区同胞、澳门"
            "特别行政区同胞，向台湾同胞和海外侨胞，向世界各国各地区的朋友们，致以新年的祝福！"
        ),
        "last": "谢谢大家。",
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "发表时间：2017-01-01\u3000\u3000\u3000来源：新华社",
            (
                "新年前夕，国家主席习近平通过中国国际广播电台、中央人民广播电台、中央电视台、中国国际电视台和互联网，"
                "发表二〇一七年新年贺词。"
            ),
            (
                "新华社北京12月31日电  新年前夕，国家主席习近平通过中国国际广播电台、中央人民广播电台、中央电视台、中"
                "国国际电视台（中国环球电视网）和互联网，发表了二〇一七年新年贺词。全文如下："
            ),
        ],
    },
    # The file starts in the middle of part 一 (SOURCES.md): no title, no speaker, no date, no salutation
    # and no heading 一、 in the text. Title: the text gives none, so the last resort, the file name
    # without its date prefix and extension (the importer's own fallback today is the full stem,
    # 2017-10-18-19th-party-congress-report). The official title, 决胜全面建成小康社会 夺取新时代中国特色
    # 社会主义伟大胜利, is not in the file and is not expected. Speaker: none in the text, so "".
    # Date: from the file name (nothing in the text). Headings 二、 … 十三、 (12, level 1); every （一）… line
    # carries its text on the same line, so it is a paragraph, not a heading.
    "2017-10-18-19th-party-congress-report.txt": {
        "title": "19th-party-congress-report",
        "speaker": "",
        "date": "2017-10-18",
        "source_note": "",
        "paragraphs": 152,
        "headings": [
            (1, "二、新时代中国共产党的历史使命"),
            (1, "三、新时代中国特色社会主义思想和基本方略"),
            (1, "四、决胜全面建成小康社会，开启全面建设社会主义现代化国家新征程"),
            (1, "五、贯彻新发展理念，建设现代化经济体系"),
            (1, "六、健全人民当家作主制度体系，发展社会主义民主政治"),
            (1, "七、坚定文化自信，推动社会主义文化繁荣兴盛"),
            (1, "八、提高保障和改善民生水平，加强和创新社会治理"),
            (1, "九、加快生态文明体制改革，建设美丽中国"),
            (1, "十、坚持走中国特色强军之路，全面推进国防和军队现代化"),
            (1, "十一、坚持“一国两制”，推进祖国统一"),
            (1, "十二、坚持和平发展道路，推动构建人类命运共同体"),
            (1, "十三、坚定不移全面从严治党，不断提高党的执政能力和领导水平"),
        ],
        "first": (
            "十八大以来的五年，是党和国家发展进程中极不平凡的五年。面对世界经济复苏乏力、局部冲突和动荡频发、全球性问"
            "题加剧的外部环境，面对我国经济发展进入新常态等一系列深刻变化，我们坚持稳中求进工作总基调，迎难而上，开拓"
            "进取，取得了改革开放和社会主义现代化建设的历史性成就。"
        ),
        "last": (
            "大道之行，天下为公。站立在九百六十多万平方公里的广袤土地上，吸吮着五千多年中华民族漫长奋斗积累的文化养分"
            "，拥有十三亿多中国人民聚合的磅礴之力，我们走中国特色社会主义道路，具有无比广阔的时代舞台，具有无比深厚的"
            "历史底蕴，具有无比强大的前进定力。全党全国各族人民要紧密团结在党中央周围，高举中国特色社会主义伟大旗帜，"
            "锐意进取，埋头苦干，为实现推进现代化建设、完成祖国统一、维护世界和平与促进共同发展三大历史任务，为决胜全"
            "面建成小康社会、夺取新时代中国特色社会主义伟大胜利、实现中华民族伟大复兴的中国梦、实现人民对美好生活的向"
            "往继续奋斗！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [],
    },
    # Date: the text gives none (no date line, no subtitle), so the file name's date.
    # （一）… lines carry their text on the same line: paragraphs, not headings.
    "2021-03-05-gov-work-report.txt": {
        "title": "2021年政府工作报告",
        "speaker": "李克强",
        "date": "2021-03-05",
        "source_note": "",
        "paragraphs": 80,
        "headings": [
            (1, "一、2020年工作回顾"),
            (1, "二、“十三五”时期发展成就和“十四五”时期主要目标任务"),
            (1, "三、2021年重点工作"),
        ],
        "first": "各位代表：",
        "last": (
            "重任在肩，更须砥砺奋进。让我们更加紧密地团结在以习近平同志为核心的党中央周围，高举中国特色社会主义伟大旗"
            "帜，以习近平新时代中国特色社会主义思想为指导，齐心协力，开拓进取，努力完成全年目标任务，以优异成绩庆祝中"
            "国共产党百年华诞，为把我国建设成为富强民主文明和谐美丽的社会主义现代化强国、实现中华民族伟大复兴的中国梦"
            "不懈奋斗！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [],
    },
    # Title without the trailing （全文）. Date: none in the text, so the file name's date.
    # Line 3 is whitespace only (two U+3000): blank. （一）… lines carry their text: paragraphs.
    "2022-03-05-gov-work-report.txt": {
        "title": "2022年政府工作报告",
        "speaker": "李克强",
        "date": "2022-03-05",
        "source_note": "",
        "paragraphs": 86,
        "headings": [
            (1, "一、2021年工作回顾"),
            (1, "二、2022年经济社会发展总体要求和政策取向"),
            (1, "三、2022年政府工作任务"),
        ],
        "first": "各位代表：",
        "last": (
            "中国的发展从来都是在应对挑战中前进的，中国人民有战胜任何艰难险阻的勇气、智慧和力量。我们要更加紧密地团结"
            "在以习近平同志为核心的党中央周围，高举中国特色社会主义伟大旗帜，以习近平新时代中国特色社会主义思想为指导"
            "，攻坚克难，砥砺奋进，努力完成全年目标任务，以实际行动迎接党的二十大胜利召开，为把我国建设成为富强民主文"
            "明和谐美丽的社会主义现代化强国、实现中华民族伟大复兴的中国梦不懈奋斗！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [],
    },
    # The scraper ran the whole article into one line (file line 21, the 11th non-blank line). Its start
    # is header material run together:
    # 新华社莫斯科11月18日电 (dateline, dropped; listed last in `dropped` as a fragment of that line) +
    # the title 在上海合作组织…讲话 + （2025年11月18日，莫斯科） + 中华人民共和国国务院总理\u2002李强 (byline)
    # + the salutation 尊敬的米舒斯京总理，各位同事： + the speech. What an editor can honestly recover: the
    # header is not text; the salutation, closed by its colon, is split off as its own paragraph (as in
    # every other file); the rest stays ONE paragraph (很高兴…谢谢大家！). Further breaks (before 第一，/第二，/
    # 第三，, or before the closing 谢谢大家！) are likely in the original but would be guesses here.
    # Title: from the headline without 李强在 and （全文）; it matches the title embedded in the body line.
    # Date: （2025年11月18日，莫斯科） inside the line, not the timestamp 2025-11-19 00:58.
    "2025-11-18-li-qiang-sco-heads-of-government-speech.txt": {
        "title": "在上海合作组织成员国政府首脑（总理）理事会第二十四次会议上的讲话",
        "speaker": "李强",
        "date": "2025-11-18",
        "source_note": "",
        "paragraphs": 2,
        "headings": [],
        "first": "尊敬的米舒斯京总理，各位同事：",
        "last": (
            "很高兴再次与大家共同出席上合组织政府首脑会议。过去一年，国际形势发生不少新变化，各种单边主义、保护主义行"
            "为，特别是高额关税等经贸壁垒的增多，使国际经贸秩序受到严重冲击，给很多国家发展带来巨大挑战。今年9月召开"
            "的上合组织天津峰会上，习近平主席郑重提出全球治理倡议，深刻阐述改革完善全球治理需要遵循的原则、方法和路径"
            "，为国际社会合力应对世界变局、破解紧迫难题提供了中国智慧和中国方案。上合组织作为全球治理体系建设和改革的"
            "重要力量，有条件也有能力，以共同落实全球治理倡议为契机，在推动实现“世界之治”中发挥更大作用。第一，发挥上"
            "合组织的独特优势。上合组织成立以来，积极参与国际和地区事务，形成了一些特有的处事原则和方式，为落实全球治"
            "理倡议提供了有利条件。一是理念高度契合。上合组织在创立之初就明确提出，要推动国际政治经济秩序朝着更加民主"
            "、公正、合理的方向发展。长期以来，上合组织始终秉持互信、互利、平等、协商、尊重多样文明、谋求共同发展的“"
            "上海精神”。这些都与全球治理倡议的核心理念高度契合。二是实践经验丰富。上合组织各成员国超越历史文化、社会"
            "制度等差异，妥善处理矛盾与分歧，逐步增进信任与默契，走出了一条和而不同、守望相助、互利共赢的新路子，有力"
            "维护了地区和平稳定，为完善全球治理树立了成功范例。三是机制保障坚实。上合组织不搞封闭的“小圈子”，秉持开放"
            "态度吸纳志同道合的伙伴，建立了涵盖政治、经济、安全、人文等领域的50多个合作机制，为各方搭建了平等协商、共"
            "促发展的有效平台。我们应当把这些优势用足用好，在全球治理方面展现更大作为。第二，聚焦发展与安全两个重点领"
            "域。改革完善全球治理，需要各方凝聚共识，协同行动。当今世界面临的很多问题仍然要靠发展去解决，需要营造安全"
            "稳定的环境。我们应当坚持以合作谋发展、促安全，努力取得更多治理成效。一方面，共建开放包容的世界经济。当前"
            "国际社会普遍期待减少壁垒、扩大开放，畅通经贸循环，促进世界经济复苏。中方愿同上合组织各方更加坚定地拥抱全"
            "球自由贸易和区域经济一体化，加强发展战略对接，高质量共建“一带一路”，实施好经贸合作高质量发展行动计划，加"
            "快实现设施联通、贸易畅通、资金融通，释放区域大市场潜力，为维护全球产供链稳定畅通、推进普惠包容的经济全球"
            "化注入正能量。另一方面，促进普遍安全与持久和平。面对变乱交织的国际形势，上合组织应当进一步强化安全合作机"
            "制，推动各成员国的安全力量和资源更加高效协同，针对“三股势力”、跨国有组织犯罪、毒品走私、网络攻击等各类威"
            "胁，完善应对机制，提升应对实效，为地区稳定发展保驾护航。中方愿同各方推动“四个安全中心”尽快建章立制，早日"
            "发挥重要作用。我们要勇于做动荡世界的中流砥柱，推动国际社会一道捍卫公平正义，尊重彼此合理关切，协力维护和"
            "平安宁。第三，激发创新和转型的强劲活力。数字化、智能化、绿色化是未来发展的重要方向，加强全球治理应当推动"
            "各方在相关领域积极汇聚合力、共享机遇成果。我们要共同培育壮大新兴动能。人工智能等科技成果是全人类共同财富"
            "。人为阻碍科技交流、制造发展分化，只会让世界陷入更多纷争。上合组织应当加强科技、产业创新合作，中方欢迎各"
            "方积极参与上合组织数字经济论坛和中国－上合组织人工智能合作论坛，共同建好用好中国－上合组织数字经济合作平"
            "台、科技创新合作中心，让科技进步更好造福各国人民。我们要协力推进绿色低碳转型。上合组织一直把能源合作放在"
            "优先位置，应当继续推进传统能源清洁高效利用、可再生能源发电装机等合作，为全球应对气候变化作出贡献。中方愿"
            "同上合组织各方扎实推进未来5年新增“千万千瓦光伏”和“千万千瓦风电”项目，更好促进地区和世界可持续发展。在上"
            "合组织天津峰会上，与会领导人共同批准《上合组织未来10年（2026－2035年）发展战略》，为下个10年的合作明确了"
            "方向，描绘出一幅宏大美好的图景。实现这些目标和愿景，需要一个更强有力的上合组织，加强总体统筹和工作推进，"
            "构建更加有力的安全保障，实现更为强劲的经济增长，形成更具魅力的人文特质。中国愿同各成员国一道努力，不断把"
            "上合组织做优做强。一是更加注重战略协同，进一步增强组织的凝聚力。无论国际风云如何变幻，上合组织各成员国始"
            "终互尊互信、平等相待，这是我们各项合作顺利推进的重要政治基础。当前世界百年变局加速演进，地区动荡冲突增多"
            "，我们更要坚持这一优良传统，深入进行战略沟通，加强在国际和地区事务中的协调配合，勠力同心、守望相助，合力"
            "应对风险挑战，携手促进发展繁荣。二是有效推进合作落实，进一步提升组织的行动力。中国人常讲，一分部署，九分"
            "落实。天津峰会就推进上合组织各领域合作提出了70项倡议，我们应当积极行动起来，逐项研拟工作计划、细化实施路"
            "径，争取早日收获实际成果。在资金支持保障上，要继续推动成员国加强金融合作，提升区域金融稳定性和自主性。中"
            "方愿同各成员国通力协作，尽快建成上合组织开发银行。中方倡议成立中国－上合组织代谢性疾病合作中心，旨在增进"
            "各成员国民生福祉。三是优化完善运行机制，进一步扩大组织的影响力。上合组织已经成长为全球最大区域组织，影响"
            "力、吸引力都在稳步提升。我们应当继续完善“上合组织伙伴”制度设计，用好“上合组织+”模式，向更多认同“上海精神"
            "”的国家和国际组织敞开大门，壮大全球治理的正能量。同时，加强上合组织同联合国等多边机制的对话合作，推动各"
            "方一道践行真正的多边主义，构建人类命运共同体。明年是上合组织成立25周年，中方全力支持吉尔吉斯斯坦履行主席"
            "国职责。让我们一道弘扬“上海精神”，以更加坚定的相互支持、更为紧密的团结协作，携手改革完善全球治理，共创地"
            "区与世界和平稳定、繁荣发展的美好未来。谢谢大家！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "2025-11-19 00:58",
            "来源：",
            "新华社",
            "字号：默认",
            "大",
            "超大",
            "|",
            "打印",
            "|",
            "【我要纠错】责任编辑：王安",
            "相关稿件",
            "新华社莫斯科11月18日电",
        ],
    },
    # Date: subtitle ——2026年1月25日在北京市第十六届人民代表大会第四次会议上 (dropped as a header line),
    # not 时间：2026-02-02 (publication). Speaker: byline 北京市市长 殷勇. Photo caption and web chrome dropped.
    # Headings: 一、二、三、 (level 1) and （一）…（十） (level 2, no sentence end).
    "2026-01-25-beijing-gov-work-report.txt": {
        "title": "2026年北京市政府工作报告",
        "speaker": "殷勇",
        "date": "2026-01-25",
        "source_note": "",
        "paragraphs": 77,
        "headings": [
            (1, "一、2025年工作回顾"),
            (1, "二、“十四五”时期发展成就和“十五五”时期主要目标任务"),
            (1, "三、2026年重点工作"),
            (2, "（一）深入落实城市总体规划，推动京津冀协同发展走深走实"),
            (2, "（二）增强内需主导能力，巩固拓展经济稳中向好势头"),
            (2, "（三）持续推动教育科技人才一体发展，构建有竞争优势的新质生产力发展格局"),
            (2, "（四）推进深层次改革高水平开放，增强高质量发展动力活力"),
            (2, "（五）丰富优质文化供给，增强全国文化中心影响力"),
            (2, "（六）加快超大城市发展方式转型，提升城市精细化治理水平"),
            (2, "（七）推进农业农村现代化，促进城乡区域协调发展"),
            (2, "（八）优化公共服务供给，解决好群众的身边事贴心事具体事"),
            (2, "（九）推动减污降碳扩绿协同增效，建设人与自然和谐共生的美丽北京"),
            (2, "（十）全面推进韧性城市建设，筑牢首都安全防线"),
        ],
        "first": "各位代表：",
        "last": (
            "各位代表！蓝图已经绘就，实干创造未来。让我们更加紧密地团结在以习近平同志为核心的党中央周围，继往开来、锐"
            "意进取，奋力谱写中国式现代化的北京新篇章，为强国建设、民族复兴伟业作出新的更大贡献！"
        ),
        "appendix_first": None,
        "appendix_lines": 0,
        "dropped": [
            "下载",
            "打印",
            "全屏",
            "收藏",
            "【字号：",
            "加大",
            "还原",
            "减小",
            "】",
            "——2026年1月25日在北京市第十六届人民代表大会第四次会议上",
            "来源：北京日报",
            "时间：2026-02-02",
            "殷勇同志作政府工作报告。本报记者 戴冰摄",
            "相关报道：",
        ],
    },
    # Title: the text's title line is 政府工作报告, generic: completed from the subtitle's occasion
    # (在广东省第十四届…) and the delivery year, 2026年广东省政府工作报告 (speeches/importing/titles.py).
    # Subtitle broken over two lines (——2026年1月26日在广东省第十四届 / 人民代表大会第五次会议上): both dropped.
    # Rejoined lines (the web page broke lines at formatting, not at paragraphs): …PM / 2.5 / 年平均浓度…
    # (a subscript, twice: lines 33-35 and 125-127 of the file) and …发展的 / 主要目标 / 是：… and
    # …今年经济社会发展的 / 主要预期目标 / 是：… (bold words, lines 46-48 and 61-63): each triple is ONE
    # paragraph, joined with nothing between. One paragraph per line would give 8 more.
    # 一是…。 / 这是…的五年。 run-in lines end with 。: paragraphs. The 14 （一）…。 lines of part 三 are the report's
    # work areas: each stands alone, is short and is followed by paragraphs, so they are a sequence of headings
    # (level 2) although each ends with 。; 142 lines minus these 14 leave 128 paragraphs.
    # Appendix: everything after the closing 各位代表！奋进正当其时… : 附件1 (2026年省十件民生实事, 23 lines,
    # its items 一、…。 end with 。) and 附件2 名词解释 (28 lines incl. 附件2; 27 from 名词解释; 13 terms).
    # Neither annex is part of the report as delivered. A parser that only recognises the glossary would
    # count 附件1's 23 lines as body paragraphs and start the appendix at 附件2 or 名词解释.
    "2026-01-26-guangdong-gov-work-report.txt": {
        "title": "2026年广东省政府工作报告",
        "speaker": "孟凡利",
        "date": "2026-01-26",
        "source_note": "",
        "paragraphs": 128,
        "headings": [
            (1, "一、2025年和“十四五”时期工作回顾"),
            (1, "二、“十五五”时期的主要目标和重点任务"),
            (1, "三、2026年工作安排"),
            (2, "（一）久久为功推动粤港澳大湾区建设，打造富有活力和国际竞争力的一流湾区和世界级城市群。"),
            (2, "（二）坚持实体经济为本、制造业当家，加快构建更加强大的现代化产业体系。"),
            (2, "（三）打造具有全球影响力的产业科技创新中心，加快培育和发展新质生产力。"),
            (2, "（四）推动供需高水平动态适配，在建设强大国内市场中努力扩大有潜能的消费、有需求的生产、有效益的投资。"),
            (2, "（五）坚定不移深化改革，充分激发全社会创新创造活力和高质量发展的澎湃动能。"),
            (2, "（六）扩大高水平对外开放，在服务和融入新发展格局中展现更大作为。"),
            (2, "（七）坚定自觉把“百县千镇万村高质量发展工程”持续抓下去，提升城乡区域发展平衡性协调性。"),
            (2, "（八）推动城市高质量发展，建设现代化人民城市。"),
            (2, "（九）推动海洋经济高质量发展，加快打造海上新广东。"),
            (2, "（十）牢固树立和践行绿水青山就是金山银山的理念，加快建设美丽中国先行区。"),
            (2, "（十一）繁荣发展社会主义文化，高水平推进文化强省建设。"),
            (2, "（十二）用心用情用力办好群众身边大大小小的事，更好满足人民群众日益增长的美好生活需要。"),
            (2, "（十三）统筹高质量发展和高水平安全，守牢安全发展底线。"),
            (2, "（十四）全面加强政府自身建设，努力建设人民满意的法治政府、廉洁政府、服务型政府。"),
        ],
        "first": "各位代表：",
        "last": (
            "各位代表！奋进正当其时，实干成就未来。让我们更加紧密地团结在以习近平同志为核心的党中央周围，在省委正确领"
            "导下，干字当头、真抓实干、埋头苦干，跑起来、抢时间、争一流，坚决扛起走在前、作示范、挑大梁的责任担当，奋"
            "力在推进中国式现代化建设的伟大实践中走在前列，为强国建设、民族复兴伟业作出新的更大贡献！"
        ),
        "appendix_first": "附件1",
        "appendix_lines": 51,
        "dropped": [
            "——2026年1月26日在广东省第十四届",
            "人民代表大会第五次会议上",
        ],
    },
    # Title: 政府工作报告 completed from the subtitle's occasion (在海南省第七届…): 2026年海南省政府工作报告.
    # Date from the subtitle (dropped). Headings 一、…四、 (level 1), （一）…（十） (level 2, no 。).
    # Run-in lines like 这一年，我们感恩奋进、埋头苦干，封关运作如期实现。 and 依法行政强法治。 end a
    # sentence: paragraphs. Footnote markers ［1］…［28］ stay in the body text.
    # Appendix: 注释 + 28 notes of 2 lines each (marker+term line, definition line) = 57 lines.
    "2026-01-27-hainan-gov-work-report.txt": {
        "title": "2026年海南省政府工作报告",
        "speaker": "刘小明",
        "date": "2026-01-27",
        "source_note": "",
        "paragraphs": 185,
        "headings": [
            (1, "一、2025年和“十四五”时期工作回顾"),
            (1, "二、“十五五”时期主要目标任务"),
            (1, "三、2026年主要工作"),
            (2, "（一）聚力促进更高水平开放"),
            (2, "（二）聚力释放有效需求潜力"),
            (2, "（三）聚力构建现代化产业体系"),
            (2, "（四）聚力激发教育科技人才活力"),
            (2, "（五）聚力强化区域协调发展"),
            (2, "（六）聚力推动城乡融合发展"),
            (2, "（七）聚力打造美丽中国样板"),
            (2, "（八）聚力提高人民生活品质"),
            (2, "（九）聚力落实宏观经济政策"),
            (2, "（十）聚力筑牢安全发展底线"),
            (1, "四、加强政府自身建设"),
        ],
        "first": "各位代表：",
        "last": (
            "各位代表，新的蓝图已经绘就，新的梦想催人奋进。新征程呼唤新气象、期待新作为，让我们更加紧密地团结在以习近"
            "平同志为核心的党中央周围，牢记习近平总书记殷切嘱托，不负千万海南人民的厚重期待，解放思想、改革创新，以历"
            "史主动精神战风险、迎挑战、克难关，高标准建设海南自由贸易港，加快打造引领我国新时代对外开放的重要门户，奋"
            "力谱写中国式现代化海南篇章！"
        ),
        "appendix_first": "注释",
        "appendix_lines": 57,
        "dropped": [
            "——2026年1月27日在海南省第七届人民代表大会第五次会议上",
        ],
    },
}

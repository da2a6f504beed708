/* 精读 Jingdu — small enhancements on top of pages that work without JavaScript.
   Keyboard shortcuts (? lists them), a reading-progress bar and the remembered
   reading position on speech pages, focus that follows the notes panel. */
(function () {
  "use strict";

  var shortcuts = document.getElementById("shortcuts");
  var speech = document.querySelector("article.speech[data-speech]");
  var paragraphs = speech ? Array.prototype.slice.call(speech.querySelectorAll("section.para")) : [];
  var current = -1;
  // While j/k scroll the page themselves, scroll events must not forget the current paragraph.
  var movingUntil = 0;
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function currentIndex() {
    if (current >= 0) return current;
    // The first paragraph whose bottom is below the top of the viewport.
    for (var i = 0; i < paragraphs.length; i++) {
      if (paragraphs[i].getBoundingClientRect().bottom > 0) return i;
    }
    return 0;
  }

  function goTo(index) {
    if (!paragraphs.length) return;
    index = Math.max(0, Math.min(paragraphs.length - 1, index));
    if (paragraphs[current]) paragraphs[current].classList.remove("is-current");
    current = index;
    var paragraph = paragraphs[index];
    paragraph.classList.add("is-current");
    paragraph.focus({ preventScroll: true });
    movingUntil = Date.now() + 1000;
    paragraph.scrollIntoView({ block: "start", behavior: reducedMotion ? "auto" : "smooth" });
    history.replaceState(null, "", "#" + paragraph.id);
  }

  function nextFromScroll() {
    // From where the reader has scrolled to: the paragraph below the one at the top of the screen.
    var index = currentIndex();
    return paragraphs[index].getBoundingClientRect().top < 1 ? index + 1 : index;
  }

  function openNotes() {
    var paragraph = paragraphs[currentIndex()];
    if (!paragraph) return;
    var toggle = paragraph.querySelector(".notes-toggle");
    if (!toggle) return;
    var panel = paragraph.querySelector(".notes-panel");
    if (panel && panel.querySelector("textarea")) {
      panel.querySelector(".note-form textarea").focus();
      return;
    }
    paragraph.dataset.focusNotes = "1";
    toggle.click();
  }

  function closeNotes() {
    var panel = document.activeElement && document.activeElement.closest(".notes-panel");
    panel = panel || (paragraphs[current] && paragraphs[current].querySelector(".notes-panel"));
    var close = panel && panel.querySelector(".notes__close");
    if (close) {
      close.click();
      var toggle = panel.parentNode.querySelector(".notes-toggle");
      if (toggle) toggle.focus();
      return true;
    }
    return false;
  }

  function showShortcuts() {
    if (shortcuts && !shortcuts.open && shortcuts.showModal) shortcuts.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      if (typing(event.target)) {
        if (!closeNotes()) event.target.blur();
      } else {
        closeNotes();
      }
      return;
    }
    if (typing(event.target)) return;
    if (event.key === "?") {
      event.preventDefault();
      showShortcuts();
    } else if (event.key === "/") {
      var search = document.getElementById("q") || document.getElementById("header-q");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    } else if (event.key === "j" && paragraphs.length) {
      event.preventDefault();
      goTo(current >= 0 ? current + 1 : nextFromScroll());
    } else if (event.key === "k" && paragraphs.length) {
      event.preventDefault();
      goTo(current < 0 ? currentIndex() - 1 : current - 1);
    } else if (event.key === "n" && paragraphs.length) {
      event.preventDefault();
      openNotes();
    }
  });

  var opener = document.querySelector(".shortcuts-open");
  if (opener && shortcuts) {
    opener.hidden = false;
    opener.addEventListener("click", showShortcuts);
  }

  // After htmx loads a notes panel that was opened from the keyboard, put the cursor in its form;
  // after a note is added, keep it there for the next one.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || !panel.classList || !panel.classList.contains("notes-panel")) return;
    var paragraph = panel.closest("section.para");
    var wanted = paragraph && paragraph.dataset.focusNotes;
    if (wanted || panel.contains(document.activeElement) || document.activeElement === document.body) {
      var textarea = panel.querySelector(".note-form textarea");
      if (textarea && (wanted || event.detail.requestConfig.verb === "post")) textarea.focus();
      if (paragraph) delete paragraph.dataset.focusNotes;
    }
    var toggle = paragraph && paragraph.querySelector(".notes-toggle");
    if (toggle) toggle.setAttribute("aria-expanded", panel.children.length ? "true" : "false");
  });

  // A request that fails (no connection, a server error) changes nothing on the page: say so,
  // until the next request succeeds.
  // (Looked up each time: restoring history replaces the body's content.)
  function setUpdateFailed(failed) {
    var notice = document.querySelector(".update-failed");
    if (notice) notice.hidden = !failed;
  }
  document.body.addEventListener("htmx:sendError", function () {
    setUpdateFailed(true);
  });
  document.body.addEventListener("htmx:responseError", function () {
    setUpdateFailed(true);
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) setUpdateFailed(false);
  });

  // Back and Forward: htmx restores the page from a snapshot taken when the next search was
  // already typed, so the search form would show the later words. The URL has the right ones.
  document.body.addEventListener("htmx:historyRestore", function () {
    var params = new URLSearchParams(location.search);
    var box = document.getElementById("q");
    var filter = document.getElementById("speech");
    if (box) box.value = params.get("q") || "";
    if (filter) filter.value = params.get("speech") || "";
  });

  // The minutes' print view: a button that prints, shown only where it works.
  var printButton = document.querySelector(".print-button");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  if (!speech) return;

  // ---------------------------------------------------------------- marking words
  // Selecting words in a paragraph (mouse, touch, Shift+arrows) shows a bar at the selection:
  // highlight them, write a note on them, or copy a link that scrolls to them. Offsets are code
  // points into the paragraph's text as the server has it: the marks' hidden counts are not text.
  var bar = document.getElementById("selection-bar");
  var chosen = null;

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest(".visually-hidden") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function offsetIn(root, container, offset) {
    // UTF-16 units of root's visible text before the point (container, offset).
    var point = document.createRange();
    point.setStart(container, offset);
    var units = 0;
    var nodes = textNodes(root);
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] === container) return units + offset;
      var after = document.createRange();
      after.setStart(nodes[i], nodes[i].length);
      if (after.compareBoundaryPoints(Range.START_TO_START, point) > 0) break; // this node is past the point
      units += nodes[i].length;
    }
    return units;
  }

  function codePoints(text) {
    return Array.from(text).length;
  }

  function readSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentNode;
    var text = start.closest && start.closest(".para__text");
    var paragraph = text && text.closest("section.para[data-notes-url]");
    if (!paragraph) return null;
    var full = textNodes(text).map(function (node) { return node.data; }).join("");
    var from = offsetIn(text, range.startContainer, range.startOffset);
    // A selection that runs on into the next paragraph is cut at the end of this one.
    var to = text.contains(range.endContainer) ? offsetIn(text, range.endContainer, range.endOffset) : full.length;
    var exact = full.slice(from, to);
    var trimmed = exact.replace(/^\s+/, "");
    from += exact.length - trimmed.length;
    exact = trimmed.replace(/\s+$/, "");
    if (!exact) return null;
    to = from + exact.length;
    var startPoint = codePoints(full.slice(0, from));
    return {
      paragraph: paragraph,
      exact: exact,
      prefix: Array.from(full.slice(0, from)).slice(-32).join(""),
      suffix: Array.from(full.slice(to)).slice(0, 32).join(""),
      start: startPoint,
      end: startPoint + codePoints(exact),
      rect: range.getBoundingClientRect(),
    };
  }

  function showBar() {
    if (!bar) return;
    chosen = readSelection();
    if (!chosen) {
      if (!bar.contains(document.activeElement)) bar.hidden = true;
      return;
    }
    // In the paragraph, after its text: Tab from the selection reaches the bar's buttons.
    var text = chosen.paragraph.querySelector(".para__text");
    if (bar.previousElementSibling !== text) text.after(bar);
    bar.hidden = false;
    var box = chosen.paragraph.getBoundingClientRect();
    bar.style.top = Math.max(0, chosen.rect.bottom - box.top + 6) + "px";
    bar.style.left = Math.max(0, Math.min(chosen.rect.left - box.left, box.width - bar.offsetWidth)) + "px";
  }

  var selectionTimer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(showBar, 120);
  });
  ["mouseup", "touchend", "keyup"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (bar && !bar.contains(event.target)) setTimeout(showBar, 0);
    });
  });

  function quoteValues(extra) {
    var values = { exact: chosen.exact, prefix: chosen.prefix, suffix: chosen.suffix, start: chosen.start, end: chosen.end };
    Object.keys(extra || {}).forEach(function (name) { values[name] = extra[name]; });
    return values;
  }

  function panelOf(paragraph) {
    return "#notes-" + paragraph.id;
  }

  function linkTo(choice) {
    // A text fragment after the paragraph's anchor: the browser scrolls to the words and marks them.
    // Browsers without text fragments, or whose word breaks miss the words (Chinese has no spaces),
    // get ?quote=start-end, which this script marks on arrival.
    function encode(text) {
      return encodeURIComponent(text).replace(/-/g, "%2D").replace(/,/g, "%2C");
    }
    var base = location.origin + location.pathname + "?quote=" + choice.start + "-" + choice.end;
    return base + "#" + choice.paragraph.id + ":~:text=" + encode(choice.exact);
  }

  function rangeAt(text, start, end) {
    // The DOM range of code points [start, end) of a paragraph's visible text.
    var range = document.createRange();
    var seen = 0;
    var begun = false;
    textNodes(text).forEach(function (node) {
      var points = Array.from(node.data);
      var units = 0;
      points.forEach(function (point) {
        if (seen === start && !begun) {
          range.setStart(node, units);
          begun = true;
        }
        seen += 1;
        units += point.length;
        if (seen === end && begun) range.setEnd(node, units);
      });
    });
    return begun ? range : null;
  }

  function markArrival() {
    var quote = /^(\d+)-(\d+)$/.exec(new URLSearchParams(location.search).get("quote") || "");
    var paragraph = /^#p\d+$/.test(location.hash) && document.getElementById(location.hash.slice(1));
    if (!quote || !paragraph) return;
    var range = rangeAt(paragraph.querySelector(".para__text"), Number(quote[1]), Number(quote[2]));
    if (!range) return;
    if (window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set("jingdu-arrival", new Highlight(range));
    }
    // The browser tries the text fragment itself after load and, missing it, may leave the page at
    // the top: bring the words into view for a moment after load, unless the reader moves first.
    var readerMoved = false;
    ["wheel", "touchstart", "keydown"].forEach(function (type) {
      window.addEventListener(type, function () { readerMoved = true; }, { once: true, passive: true });
    });
    window.addEventListener("load", function () {
      var tries = 0;
      (function place() {
        if (readerMoved) return;
        var box = paragraph.getBoundingClientRect();
        if (box.top < 0 || box.top > window.innerHeight * 0.6) paragraph.scrollIntoView({ block: "center" });
        if (++tries < 12) setTimeout(place, 150);
      })();
    });
  }

  markArrival();

  if (bar) {
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button || !chosen) return;
      var choice = chosen;
      var action = button.dataset.action;
      if (action === "highlight") {
        htmx.ajax("POST", choice.paragraph.dataset.notesUrl, {
          target: panelOf(choice.paragraph),
          values: quoteValues({ body: "", visibility: "group" }),
          source: bar,
        });
        window.getSelection().removeAllRanges();
        bar.hidden = true;
      } else if (action === "note") {
        choice.paragraph.dataset.focusNotes = "1";
        var query = new URLSearchParams(quoteValues()).toString();
        htmx.ajax("GET", choice.paragraph.dataset.notesUrl + "?" + query, { target: panelOf(choice.paragraph), source: bar });
        bar.hidden = true;
      } else if (action === "link") {
        var url = linkTo(choice);
        var done = function () {
          button.textContent = button.dataset.copied;
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
        } else {
          window.prompt("", url);
        }
        bar.dataset.link = url;
      } else if (action === "phrase") {
        // The phrase page says why when the words cannot be counted (too long, only punctuation).
        location.href = button.dataset.url.replace("/_/", "/" + encodeURIComponent(choice.exact.trim()) + "/");
      }
    });
  }

  // After words were marked (a highlight or a note on them), draw the paragraph's marks again.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var config = event.detail.requestConfig;
    if (!event.detail.successful || !config || config.verb !== "post") return;
    var panel = event.detail.target;
    var paragraph = panel && panel.closest && panel.closest("section.para[data-text-url]");
    if (paragraph) {
      htmx.ajax("GET", paragraph.dataset.textUrl, { target: "#text-" + paragraph.id, swap: "outerHTML" });
    }
  });

  // A mark opens the paragraph's notes at the note on those words.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var wanted = source && source.dataset && source.dataset.note;
    var note = wanted && document.getElementById(wanted);
    if (note) {
      note.scrollIntoView({ block: "center", behavior: reducedMotion ? "auto" : "smooth" });
      note.classList.add("is-current");
    }
  });

  // Reading progress, and the reading position remembered per speech (in this browser only).
  var progressBar = document.querySelector(".reading-progress__bar");
  var key = "jingdu:position:" + speech.dataset.speech;
  var saveTimer = null;

  function progress() {
    var rect = speech.getBoundingClientRect();
    var total = rect.height - window.innerHeight;
    var ratio = total > 0 ? Math.min(1, Math.max(0, -rect.top / total)) : 1;
    if (progressBar) progressBar.style.width = (ratio * 100).toFixed(1) + "%";
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      try {
        localStorage.setItem(key, String(currentIndex() + 1));
      } catch (error) {
        /* private mode: nothing to remember */
      }
    }, 400);
  }

  window.addEventListener("scroll", function () {
    if (current >= 0 && Date.now() > movingUntil) {
      paragraphs[current].classList.remove("is-current");
      current = -1;  // the reader scrolled away: j/k continue from what is on screen
    }
    progress();
  }, { passive: true });
  progress();

  // A member's reading, recorded for their group's study sessions (templates/meetings/speech_band.html):
  // that the page was opened, and the furthest paragraph that has been whole on screen. Sent when it
  // grows, once the reader pauses. Only members get the form; the privacy notice says what is kept.
  var record = document.querySelector("form.reading-record");
  var furthestSent = -1;
  var recordTimer = null;

  function furthestShown() {
    var furthest = 0;
    for (var i = 0; i < paragraphs.length; i++) {
      var box = paragraphs[i].getBoundingClientRect();
      if (box.top >= window.innerHeight) break;
      if (box.bottom <= window.innerHeight + 1) furthest = Number(paragraphs[i].dataset.number);
    }
    return furthest;
  }

  function sendRecord() {
    var furthest = furthestShown();
    if (furthest <= furthestSent) return;
    furthestSent = furthest;
    record.querySelector("input[name=furthest]").value = String(furthest);
    htmx.trigger(record, "jingdu:read");
  }

  if (record && window.htmx) {
    // A record that fails is not the reader's business: no "could not be updated" notice for it.
    ["htmx:responseError", "htmx:sendError"].forEach(function (type) {
      record.addEventListener(type, function (event) { event.stopPropagation(); });
    });
    // htmx sets the form up on DOMContentLoaded, which comes after this deferred script has run.
    document.addEventListener("DOMContentLoaded", sendRecord);
    window.addEventListener("scroll", function () {
      clearTimeout(recordTimer);
      recordTimer = setTimeout(sendRecord, 800);
    }, { passive: true });
  }

  var saved = null;
  try {
    saved = parseInt(localStorage.getItem(key), 10);
  } catch (error) {
    saved = null;
  }
  var resume = document.querySelector(".resume");
  if (resume && saved > 1 && !location.hash && !/[?&]q=/.test(location.search) && paragraphs[saved - 1]) {
    var link = resume.querySelector("a");
    link.href = "#p" + saved;
    link.textContent = resume.dataset.label.replace("%s", saved);
    resume.hidden = false;
    link.addEventListener("click", function () {
      resume.hidden = true;
    });
  }
})();

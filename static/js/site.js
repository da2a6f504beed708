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

  if (!speech) return;

  // Reading progress, and the reading position remembered per speech (in this browser only).
  var bar = document.querySelector(".reading-progress__bar");
  var key = "jingdu:position:" + speech.dataset.speech;
  var saveTimer = null;

  function progress() {
    var rect = speech.getBoundingClientRect();
    var total = rect.height - window.innerHeight;
    var ratio = total > 0 ? Math.min(1, Math.max(0, -rect.top / total)) : 1;
    if (bar) bar.style.width = (ratio * 100).toFixed(1) + "%";
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

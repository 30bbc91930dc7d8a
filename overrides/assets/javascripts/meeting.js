// Meeting mode, for the projector: one button in the header enlarges the text, hides the
// navigation and keeps the current paragraph in view. The choice is remembered on this
// device (localStorage). In meeting mode → / ← move to the next / previous paragraph (which
// is highlighted and kept at the top of the screen), a click on a paragraph makes it current,
// Esc leaves meeting mode. Styles: stylesheets/meeting.css.
(function () {
  var KEY = "xuexi-duben.meeting-mode";
  var ON = "meeting-mode";
  var CURRENT = "meeting-current";
  var PARAGRAPHS = [
    ".md-content__inner > h1", ".md-content__inner > h2", ".md-content__inner > h3",
    ".md-content__inner > p", ".md-content__inner > ul > li", ".md-content__inner > ol > li",
    ".md-content__inner > table", ".md-content__inner > details", ".md-content__inner > dl",
    ".parallel-row", ".handout-text > p"
  ].join(", ");
  var LABEL = {
    zh: "会议模式（投影时放大正文、隐藏导航）",
    en: "Meeting mode (larger text, no navigation, for the projector)"
  };
  var ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path d="M3 4h18v11H3z" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M12 15v4M7 20h10" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M10 7.5v4.5l4-2.25z" fill="currentColor"/></svg>';

  var root = document.documentElement;
  var current = null;
  var button = null;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function store(on) {
    try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }
  function isOn() { return root.classList.contains(ON); }

  function paragraphs() {
    return Array.prototype.filter.call(document.querySelectorAll(PARAGRAPHS), function (el) {
      return el.offsetParent !== null;
    });
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().bottom : 0;
  }

  // The paragraph the reader is looking at: the one at (or first below) a line just under the header.
  function paragraphInView() {
    var probe = headerBottom() + 24;
    var all = paragraphs();
    for (var i = 0; i < all.length; i++) {
      if (all[i].getBoundingClientRect().bottom > probe) return all[i];
    }
    return null;
  }

  function show(el) {
    if (el) el.scrollIntoView({ block: "start" });
  }

  function setCurrent(el, scroll) {
    if (current) current.classList.remove(CURRENT);
    current = el;
    if (!el) return;
    el.classList.add(CURRENT);
    if (el.id && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + el.id);
    }
    if (scroll) show(el);
  }

  // Switch, keeping `place` (by default the paragraph in view) at the top of the screen.
  function apply(on, place) {
    place = place || current || paragraphInView();
    root.classList.toggle(ON, on);
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    if (!on && current) {
      current.classList.remove(CURRENT);
      current = null;
    }
    show(place);
    return place;
  }

  function toggle(event) {
    // After a mouse click, drop the focus so the button's tooltip does not stay on the projected screen.
    if (event && event.detail > 0 && button) button.blur();
    var on = !isOn();
    store(on);
    var place = apply(on);
    if (on && place) setCurrent(place, true); // the paragraph being read becomes the current one
  }

  function step(direction) {
    var all = paragraphs();
    if (!all.length) return;
    var base = current || paragraphInView();
    var index = all.indexOf(base);
    if (!current && base) index -= direction; // first press: highlight the paragraph in view
    var next = all[Math.max(0, Math.min(all.length - 1, index + direction))];
    setCurrent(next, true);
  }

  function onKey(event) {
    if (!isOn() || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "ArrowRight") { step(1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { step(-1); event.preventDefault(); }
    else if (event.key === "Escape") { store(false); apply(false); }
  }

  function onClick(event) {
    if (!isOn() || !event.target.closest) return;
    var el = event.target.closest(PARAGRAPHS);
    if (el) setCurrent(el, false);
  }

  var resizeQueued = false;
  function onResize() {
    if (!isOn() || !current || resizeQueued) return;
    resizeQueued = true;
    window.requestAnimationFrame(function () {
      resizeQueued = false;
      show(current);
    });
  }

  function addButton() {
    var header = document.querySelector(".md-header__inner");
    if (!header) return;
    var lang = (root.getAttribute("lang") || "zh").slice(0, 2) === "en" ? "en" : "zh";
    button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon meeting-toggle";
    button.setAttribute("aria-label", LABEL[lang]);
    button.setAttribute("title", LABEL[lang]);
    button.setAttribute("aria-pressed", isOn() ? "true" : "false");
    button.innerHTML = ICON;
    button.addEventListener("click", toggle);
    var search = header.querySelector("label[for='__search']");
    header.insertBefore(button, search || null);
  }

  function start() {
    addButton();
    if (stored()) {
      var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && target.matches(PARAGRAPHS)) {
        apply(true, target);
        setCurrent(target, true);
      } else {
        apply(true);
      }
    }
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    window.addEventListener("resize", onResize);
  }

  start();
})();

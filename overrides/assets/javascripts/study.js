// Keep the reader's place when switching language: the language links (Material's
// selector, hreflang) get the id of the paragraph at the top of the screen as #anchor.
// Paragraph ids are the same in both languages (hooks/speech.py).
(function () {
  var PARAGRAPHS = ".speech[id], .parallel-row[id]";

  function paragraphInView() {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var all = document.querySelectorAll(PARAGRAPHS);
    for (var i = 0; i < all.length; i++) {
      if (all[i].getBoundingClientRect().bottom > top + 8) return all[i].id;
    }
    return null;
  }

  function carryPlace(event) {
    var link = event.target.closest && event.target.closest("a[hreflang]");
    if (!link) return;
    var id = paragraphInView();
    if (id) link.href = link.href.split("#")[0] + "#" + id;
  }

  document.addEventListener("click", carryPlace, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter") carryPlace(event);
  }, true);
})();

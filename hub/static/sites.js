/* The component sites' directory (/don-vi): filter the list as one types, by the name
   folded as the server folds it (hub.core.text.fold_vietnamese): "tan doan" finds
   "Tân Đoàn". Without JavaScript the form's GET does the same on the server. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-site-filter]");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("site-count");
  var groups = document.querySelectorAll(".site-group");
  var total = document.querySelectorAll(".site-list li").length;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0111/g, "d").replace(/\u00f0/g, "d");
  }

  function filter() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var found = 0;
    groups.forEach(function (group) {
      var shown = 0;
      group.querySelectorAll(".site-list li").forEach(function (item) {
        var name = item.getAttribute("data-name");
        var match = words.every(function (word) { return name.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      group.hidden = shown === 0;
      found += shown;
    });
    status.textContent = form.getAttribute("data-count")
      .replace("{found}", found).replace("{total}", total);
  }

  input.addEventListener("input", filter);
})();

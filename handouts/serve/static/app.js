// Progressive enhancement only: the page works as plain HTML forms without this file.
// On a change of article, language or clinic, refresh the languages offered and the final/draft box.
(function () {
  "use strict";
  var form = document.getElementById("desk");
  if (!form) { return; }
  var article = document.getElementById("article");
  var lang = document.getElementById("lang");
  var clinic = document.getElementById("clinic");
  var box = document.getElementById("status");

  function offerLanguages() {
    var opt = article.options[article.selectedIndex];
    if (!opt || !opt.dataset.langs) { return; }
    var allowed = opt.dataset.langs.split(" ");
    var keep = false;
    Array.prototype.forEach.call(lang.options, function (o) {
      o.hidden = o.disabled = allowed.indexOf(o.value) < 0;
      if (!o.disabled && o.selected) { keep = true; }
    });
    if (!keep) {
      var first = Array.prototype.find.call(lang.options, function (o) { return !o.disabled; });
      if (first) { first.selected = true; }
    }
  }

  var asked = 0;  // the latest request: an answer to an earlier one, arriving late, is dropped

  function refreshStatus() {
    var mine = ++asked;
    var q = new URLSearchParams({ article: article.value, lang: lang.value, clinic: clinic.value });
    fetch("/status?" + q.toString(), { headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })  // (an error has no label)
      .then(function (s) {
        // (English, asked first and answered last, said "Final" over a Thai draft's box)
        if (mine !== asked) { return; }
        box.className = "status " + s.state;
        box.textContent = "";
        var strong = document.createElement("strong");
        strong.textContent = s.label;
        box.appendChild(strong);
        // as the server draws it (desk.html): "Final — approved … signed off by …", "Draft — not approved yet:"
        var words = [s.summary, s.signed].filter(function (t) { return t; }).join(" ");
        if (words) { box.appendChild(document.createTextNode(" — " + words)); }
        if (s.reasons && s.reasons.length) {
          var ul = document.createElement("ul");
          var shown = s.state === "refused" ? s.reasons : s.reasons.slice(0, 5);
          shown.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
          if (s.more) { var li = document.createElement("li"); li.textContent = s.more; ul.appendChild(li); }
          box.appendChild(ul);
        }
      })
      .catch(function () { /* the server-side box stays */ });
  }

  article.addEventListener("change", function () { offerLanguages(); refreshStatus(); });
  lang.addEventListener("change", refreshStatus);
  clinic.addEventListener("change", refreshStatus);
  offerLanguages();
})();

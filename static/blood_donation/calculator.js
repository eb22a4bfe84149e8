/* Progressive enhancement of the free-blood calculator: add and remove donation rows
   in place, and recalculate without reloading the page. Without this script the form
   works as a plain GET form (the server adds blank rows on every submit). */
(function () {
  "use strict";
  var form = document.getElementById("bd-form");
  var rows = document.getElementById("bd-rows");
  var template = document.getElementById("bd-row-template");
  if (!form || !rows || !template || !window.fetch || !window.DOMParser) {
    return;
  }

  function renumber() {
    var all = rows.querySelectorAll("tr.bd-row");
    for (var i = 0; i < all.length; i++) {
      var n = String(i + 1);
      var row = all[i];
      row.querySelector(".bd-n").textContent = n;
      var marks = row.querySelectorAll(".bd-n-text");
      for (var j = 0; j < marks.length; j++) {
        marks[j].textContent = n;
      }
      var date = row.querySelector("[name=donation_date]");
      var volume = row.querySelector("[name=donation_ml]");
      date.id = "donation-date-" + n;
      volume.id = "donation-ml-" + n;
      row.querySelector("label[for^=donation-date]").htmlFor = date.id;
      row.querySelector("label[for^=donation-ml]").htmlFor = volume.id;
      var remove = row.querySelector(".bd-remove");
      remove.hidden = false;
      remove.setAttribute("aria-label", "删除第 " + n + " 条献血记录");
    }
  }

  function addRow() {
    var fragment = template.content.cloneNode(true);
    var row = fragment.querySelector("tr");
    rows.appendChild(fragment);
    renumber();
    row.querySelector("[name=donation_date]").focus();
    return row;
  }

  rows.addEventListener("click", function (event) {
    var button = event.target.closest(".bd-remove");
    if (!button) {
      return;
    }
    button.closest("tr").remove();
    if (!rows.querySelector("tr.bd-row")) {
      addRow();
    }
    renumber();
  });

  form.addEventListener("click", function (event) {
    if (event.target.closest(".bd-add")) {
      event.preventDefault();
      addRow();
    }
  });

  function queryString() {
    var params = new URLSearchParams();
    var data = new FormData(form);
    data.forEach(function (value, key) {
      params.append(key, value);
    });
    return params.toString();
  }

  var pending = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = form.action.split("#")[0] + "?" + queryString();
    var results = document.getElementById("bd-results");
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "text/html" }, signal: pending.signal })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["bd-status", "bd-results"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var current = document.getElementById(id);
          if (fresh && current) {
            current.innerHTML = fresh.innerHTML;
          }
        });
        window.history.replaceState(null, "", url);
        results.removeAttribute("aria-busy");
        results.focus();
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        // The network or server failed: fall back to an ordinary submission.
        form.submit();
      });
  });

  renumber();
})();

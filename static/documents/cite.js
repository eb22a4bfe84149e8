// Copy a provision's citation and permalink; the text stays visible without JavaScript.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy-cite").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = "已复制";
        setTimeout(function () { button.textContent = "复制引用"; }, 2000);
      });
    });
  });
})();

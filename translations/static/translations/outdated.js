"use strict";
// The translation dashboard links to an outdated field's marker (#outdated-…). The field may
// sit in a language tab that is not shown, where the browser cannot scroll to it: show that
// tab (whatever marks it: an ARIA tab or a jQuery UI tab link), then bring the marker into view.
{
  const reveal = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id.startsWith("outdated-") ? document.getElementById(id) : null;
    if (!target) return;
    for (let panel = target.closest("[role=tabpanel], .ui-tabs-panel"); panel;
      panel = panel.parentElement && panel.parentElement.closest("[role=tabpanel], .ui-tabs-panel")) {
      const id = panel.id && CSS.escape(panel.id);
      const tab = id && (document.querySelector(`a[href="#${id}"]`)
        || document.querySelector(`[role=tab][aria-controls="${id}"]`));
      // jQuery UI listens on the tab's link (which may have lost its href: admin-language-tabs.js)
      const link = tab && (tab.matches("a") ? tab : tab.querySelector("a") || tab);
      if (link && !panel.getClientRects().length) link.click(); // the panel is hidden
    }
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
  };
  // modeltranslation builds its tabs when the page is ready: reveal after that.
  window.addEventListener("load", reveal);
  window.addEventListener("hashchange", reveal);
}

"use strict";
// What the admin's own and modeltranslation's scripts build, made accessible:
// 1. modeltranslation labels its language tabs, and the options of its switch beside the page
//    heading, with language codes ("zh-hans", "en", shown upper-case). Name each language in
//    its own language instead (简体中文, English), as the site's language switcher does.
// 2. The tabs follow the WAI-ARIA tabs pattern. jQuery UI already makes each <li> the tab
//    (role, aria-selected, aria-controls, a roving tabindex, arrow keys, Home and End) but
//    leaves a link inside it: a focusable control nested in a tab, announced twice and a
//    second stop for the keyboard. The tab's aria-controls already names the panel, so the
//    link loses its href and the tab is the one thing to focus. (Without an href jQuery UI
//    would take the tab for a remote one, to fetch: the link has it back while a tab is
//    activated, through the widget's public beforeActivate and activate events.)
// 3. Controls without a label get one: the switch (named by a hidden element the template
//    renders in the admin's language), each row's fields in tabular inlines and editable lists
//    (named by their column header, as Django's tables show no label beside them), and the
//    autocomplete boxes (named by their field's label).
// 4. modeltranslation strips " [en]" from a tabbed (.mt) field's label by writing the row's first
//    label's HTML into every label of the row. Where the row holds more labels (the merge
//    choice of a stale form, publishing.admin.both_changed_error, has a label per radio), that
//    copied a "keep theirs" radio into all of them and over the field's own label. Such labels
//    are kept as the server rendered them (this deferred script runs before modeltranslation's
//    ready handler) and put back.
// modeltranslation builds tabs when the page is ready and again for each inline row added, so
// watch the document rather than run once.
{
  const localName = (code) => {
    try {
      return new Intl.DisplayNames([code], {type: "language"}).of(code);
    } catch (error) {
      return null; // not a language code: leave the label as it is
    }
  };

  const relabel = (element) => {
    const code = element.textContent.trim();
    const name = code && !element.dataset.languageCode ? localName(code) : null;
    if (name && name !== code) {
      element.dataset.languageCode = code;
      element.lang = code;
      element.textContent = name;
    }
  };

  const flattenTab = (link) => {
    link.dataset.panel = link.getAttribute("href");
    link.removeAttribute("href");
    link.removeAttribute("tabindex"); // jQuery UI's -1 would still make it focusable by script
  };

  let generated = 0;
  const idOf = (element) => {
    if (!element.id) {
      generated += 1;
      element.id = `a11y-label-${generated}`;
    }
    return element.id;
  };

  const isLabelled = (control) =>
    control.labels.length > 0 ||
    control.hasAttribute("aria-label") ||
    control.hasAttribute("aria-labelledby");

  // "points-0-heading_en" → "heading_en"; Django's column headers are th.column-<field name>,
  // but for the "Delete?" column, always the last.
  const labelFromColumn = (control) => {
    const table = control.closest("table");
    const field = control.name.split("-").pop();
    const header =
      table &&
      (field === "DELETE"
        ? table.querySelector("thead th:last-child")
        : table.querySelector(`thead th.column-${CSS.escape(field)}`));
    if (header) {
      const text = header.querySelector(".text") || header; // not the sorting links
      control.setAttribute("aria-labelledby", idOf(text));
    }
  };

  // The box (a combobox) and, when several can be chosen, its search field.
  const labelSelect2 = (box) => {
    const select = box.closest(".select2-container")?.previousElementSibling;
    const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
    const own = box.getAttribute("aria-labelledby") || "";
    if (label && !own.includes(idOf(label))) {
      box.setAttribute("aria-labelledby", `${label.id} ${own}`.trim());
    }
  };

  const LANGUAGE_SUFFIX = / \[.+\]/; // what modeltranslation strips
  const rendered = new Map();
  document.querySelectorAll(".form-row").forEach((row) => {
    const labels = row.querySelectorAll("label");
    if (labels.length > 1 && row.querySelector(".mt")) {
      labels.forEach((label) => rendered.set(label, label.innerHTML.replace(LANGUAGE_SUFFIX, "")));
    }
  });

  const fixAll = () => {
    rendered.forEach((html, label) => {
      if (label.innerHTML !== html) {
        label.innerHTML = html;
      }
    });
    document
      .querySelectorAll(".ui-tabs-nav a, #modeltranslation-main-switch option")
      .forEach(relabel);
    document.querySelectorAll(".ui-tabs-nav [role=tab] a[href]").forEach(flattenTab);
    const switchLabel = document.getElementById("modeltranslation-switch-label");
    const languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (switchLabel && languageSwitch) {
      languageSwitch.setAttribute("aria-labelledby", switchLabel.id);
    }
    document
      .querySelectorAll("#content table :is(input, select, textarea)[name]:not([type=hidden])")
      .forEach((control) => isLabelled(control) || labelFromColumn(control));
    document
      .querySelectorAll(
        ".select2-selection[role=combobox], .select2-selection__rendered[role=textbox], .select2-search__field"
      )
      .forEach(labelSelect2);
    // Select2's "clear all" × sits in its list of choices, where only items belong; the
    // keyboard clears with Backspace, so it is hidden from assistive technology.
    document
      .querySelectorAll(".select2-selection__clear:not([aria-hidden])")
      .forEach((clear) => clear.setAttribute("aria-hidden", "true"));
    // Django's help icons (the filter boxes of a horizontal filter) are labelled spans with no
    // role, which may not carry a label: they are images of the help text.
    document
      .querySelectorAll("span.help-tooltip[aria-label]:not([role])")
      .forEach((icon) => icon.setAttribute("role", "img"));
  };

  // jQuery UI is loaded (with the form's media) before this deferred script runs, and the
  // tabs are built after it, when the document is ready. Activating a tab (a click, the
  // keyboard, modeltranslation's language switch) takes a link without href for a remote tab
  // to fetch: through the widget's public events, the link has its href back from just before
  // the activation to just after it (one synchronous step, nothing is focused meanwhile).
  const jQuery = window.jQuery || window.django?.jQuery;
  if (jQuery) {
    const linkOf = (ui) => ui.newTab.find(".ui-tabs-anchor[data-panel]")[0];
    jQuery(document)
      .on("tabsbeforeactivate", (event, ui) => {
        const link = linkOf(ui);
        if (link && !link.hasAttribute("href")) {
          link.setAttribute("href", link.dataset.panel);
        }
      })
      .on("tabsactivate", (event, ui) => {
        const link = linkOf(ui);
        if (link?.hasAttribute("href")) {
          flattenTab(link);
        }
      });
  }

  new MutationObserver(fixAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  fixAll();
}

"use strict";
// modeltranslation labels its language tabs, and the options of its switch beside the page
// heading, with language codes ("zh-hans", "en", shown upper-case). Name each language in its
// own language instead (简体中文, English), as the site's language switcher does, so that the
// Chinese admin reads Chinese throughout and every editor recognises their language.
// modeltranslation builds the tabs when the page is ready and again for each inline row added,
// so watch the document rather than run once.
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

  const relabelAll = () => {
    document
      .querySelectorAll(".ui-tabs-nav a, #modeltranslation-main-switch option")
      .forEach(relabel);
  };

  new MutationObserver(relabelAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  relabelAll();
}

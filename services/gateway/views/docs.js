// The API reference's behaviour: search, snippet language tabs, copy buttons, and snippets
// pointed at this gateway. Plain JavaScript, no library, nothing loaded from elsewhere.
(() => {
  "use strict";
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  document.documentElement.classList.add("js");

  // Snippets are rendered for a placeholder origin: use the one this page came from.
  const placeholder = document.body.dataset.origin;
  if (placeholder && location.protocol.startsWith("http") && location.origin !== placeholder) {
    for (const code of $$("code[data-snippet]")) code.textContent = code.textContent.split(placeholder).join(location.origin);
  }

  // One language for every operation, remembered between visits.
  const store = {
    get() { try { return localStorage.getItem("docs.language"); } catch (_) { return null; } },
    set(v) { try { localStorage.setItem("docs.language", v); } catch (_) { /* private mode */ } },
  };
  function showLanguage(lang) {
    for (const tab of $$(".tabs [role=tab]")) {
      const on = tab.dataset.lang === lang;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    for (const panel of $$(".snippet[role=tabpanel]")) panel.hidden = panel.dataset.lang !== lang;
  }
  for (const list of $$(".tabs")) list.hidden = false;
  showLanguage(store.get() || "curl");
  document.addEventListener("click", (ev) => {
    const tab = ev.target.closest(".tabs [role=tab]");
    if (tab) { store.set(tab.dataset.lang); showLanguage(tab.dataset.lang); tab.focus(); }
  });
  document.addEventListener("keydown", (ev) => {
    const tab = ev.target.closest && ev.target.closest(".tabs [role=tab]");
    if (!tab || (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft")) return;
    const tabs = $$("[role=tab]", tab.parentElement);
    const next = tabs[(tabs.indexOf(tab) + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    store.set(next.dataset.lang); showLanguage(next.dataset.lang); next.focus(); ev.preventDefault();
  });

  // Copy buttons (the Clipboard API needs a secure context; else select and copy).
  document.addEventListener("click", async (ev) => {
    const button = ev.target.closest("button.copy");
    if (!button) return;
    const code = button.parentElement.querySelector("code");
    try {
      await navigator.clipboard.writeText(code.textContent);
    } catch (_) {
      const range = document.createRange();
      range.selectNodeContents(code);
      const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
      document.execCommand("copy");
    }
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = "Copy"; }, 1500);
  });

  // Search: every word typed must appear in the operation's verb, paths, area, module,
  // scope, summary or description.
  const input = document.getElementById("search");
  const status = document.getElementById("search-status");
  const articles = $$("article[data-search]");
  const rows = $$("tr[data-search]");
  const navItem = new Map($$("nav li[data-for]").map((li) => [li.dataset.for, li]));
  function apply(query) {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (el) => terms.every((t) => el.dataset.search.includes(t));
    let shown = 0;
    for (const article of articles) {
      const ok = matches(article);
      article.hidden = !ok;
      if (navItem.has(article.id)) navItem.get(article.id).hidden = !ok;
      if (ok) shown += 1;
    }
    for (const row of rows) row.hidden = !matches(row);
    for (const section of $$("[data-group]")) {
      section.hidden = !section.querySelector("article:not([hidden]), tr[data-search]:not([hidden])");
      for (const link of $$(`nav [data-group-nav="${section.id}"]`)) link.hidden = section.hidden;
    }
    for (const el of $$("[data-hide-on-search]")) el.hidden = terms.length > 0;
    document.getElementById("no-match").hidden = shown > 0 || rows.some((r) => !r.hidden);
    status.textContent = terms.length
      ? `${shown} of ${articles.length} endpoints match`
      : `${articles.length} endpoints`;
    const url = new URL(location.href);
    if (terms.length) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  }
  input.addEventListener("input", () => apply(input.value));
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== input && !ev.ctrlKey && !ev.metaKey) {
      ev.preventDefault(); input.focus(); input.select();
    } else if (ev.key === "Escape" && document.activeElement === input) {
      input.value = ""; apply("");
    }
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  apply(input.value);
})();

/* Where am I: the menu marks the section an entry belongs to (the breadcrumbs name it); on a
 * screen too narrow for the side column, the page's contents open from under its heading; the
 * language switch keeps the part of the page the reader is at. */
export function initPlace() {
  const crumb = document.querySelector(".kb-crumbs li:nth-child(2) a");
  if (crumb) {
    const section = new URL(crumb.href).pathname;
    document.querySelectorAll(".md-sidebar--primary a.md-nav__link").forEach(function (a) {
      if (new URL(a.href).pathname === section) {
        a.classList.add("md-nav__link--active", "kb-nav-section");
        a.setAttribute("aria-current", "location");
      }
    });
  }
  const toc = document.querySelector(".md-sidebar--secondary .md-nav--secondary > .md-nav__list");
  const title = document.querySelector(".md-sidebar--secondary .md-nav--secondary > .md-nav__title");
  const heading = document.querySelector(".md-content h1");
  if (toc && heading && toc.querySelector("a")) {
    const details = document.createElement("details");
    details.className = "kb-toc";
    const summary = document.createElement("summary");
    summary.textContent = title ? title.textContent.trim() : "";
    const list = toc.cloneNode(true);
    list.removeAttribute("data-md-scrollfix");
    list.querySelectorAll("[data-md-component]").forEach(function (el) { el.removeAttribute("data-md-component"); });
    details.appendChild(summary);
    details.appendChild(list);
    list.addEventListener("click", function (ev) { if (ev.target.closest("a")) details.open = false; });
    heading.parentNode.insertBefore(details, heading.nextSibling);
  }
  function keepHash() {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
      const url = new URL(a.href);
      url.hash = location.hash;
      a.href = url.href;
    });
  }
  keepHash();
  window.addEventListener("hashchange", keepHash);
}

/* The 404 page holds every language: show the one of the address asked for (its language's
 * prefix), else the browser's first language that the site has, and turn the header to it. */
export function initNotFound() {
  const sections = Array.prototype.slice.call(document.querySelectorAll(".kb-404"));
  if (sections.length < 2) return;
  const form = document.querySelector("form.kb-search-form[data-kb]");
  const root = form ? new URL(form.getAttribute("data-root"), document.baseURI).pathname : "/";
  const path = location.pathname.indexOf(root) === 0 ? location.pathname.slice(root.length) : "";
  let chosen = sections.filter(function (s) { const p = s.getAttribute("data-prefix"); return p && path.indexOf(p) === 0; })[0];
  if (!chosen) {
    const wanted = (navigator.languages || [navigator.language || ""]).map(function (l) { return l.split("-")[0]; });
    for (let i = 0; i < wanted.length && !chosen; i++) chosen = sections.filter(function (s) { return s.lang === wanted[i]; })[0];
  }
  chosen = chosen || sections[0];
  sections.forEach(function (s) { s.hidden = s !== chosen; });
  document.documentElement.lang = chosen.lang;
  const title = document.querySelector(".md-header__topic .md-ellipsis");
  if (title) title.textContent = chosen.getAttribute("data-site-name");
  document.title = chosen.querySelector("h1").textContent + " - " + chosen.getAttribute("data-site-name");
  if (form) {
    form.action = chosen.getAttribute("data-search");
    form.setAttribute("data-kb", chosen.getAttribute("data-kb"));
    const input = form.querySelector("input");
    if (input) input.placeholder = chosen.getAttribute("data-placeholder");
  }
}

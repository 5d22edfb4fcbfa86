// The preview page: asks /status for each new build (the server answers when one is done) and
// shows its pages and findings; page pictures whose address did not change are kept as they are.
"use strict";

const KINDS = { finding: "Finding", acknowledged: "Acknowledged finding", todo: "To fill in", note: "Note" };
let shown = -1;

function element(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  node.append(...children);
  return node;
}

function findingLink(finding) {
  const link = element("a", { href: finding.page ? `#page-${finding.page}` : "#", className: finding.kind,
                              textContent: finding.text, title: KINDS[finding.kind] || "" });
  link.dataset.page = finding.page;
  link.dataset.top = finding.top;
  link.addEventListener("click", (event) => { event.preventDefault(); goTo(finding); });
  return element("li", {}, link);
}

function goTo(finding) {
  const sheet = document.getElementById(`page-${finding.page}`);
  if (!sheet) return;
  const paper = sheet.querySelector(".paper");
  const image = paper.querySelector("img");
  const mark = paper.querySelector(".mark");
  const scale = image.clientHeight / Number(image.dataset.height || image.naturalHeight || 1);
  mark.style.top = `${finding.top * scale}px`;
  mark.classList.remove("on");
  void mark.offsetWidth;
  mark.classList.add("on");
  mark.scrollIntoView({ behavior: "smooth", block: "center" });
  setTimeout(() => mark.classList.remove("on"), 2500);
}

function sheet(page, number, findings, kept) {
  let image = kept.get(page.src);
  if (!image) {
    image = element("img", { src: page.src, width: page.width, height: page.height });
  }
  kept.delete(page.src);
  image.alt = page.text;
  image.dataset.height = page.height;
  const paper = element("div", { className: "paper" }, image,
                        element("span", { className: "number", textContent: String(number) }),
                        element("div", { className: "mark" }));
  const notes = element("ul", { className: "notes" }, ...findings.map(findingLink));
  notes.setAttribute("aria-label", `Findings on page ${number}`);
  const section = element("section", { className: "sheet", id: `page-${number}` }, paper, notes);
  section.setAttribute("aria-label", `Page ${number}`);
  return section;
}

function showPages(status) {
  const main = document.getElementById("pages");
  const kept = new Map([...main.querySelectorAll("img")].map((img) => [img.getAttribute("src"), img]));
  const byPage = new Map();
  for (const finding of status.findings) {
    if (!byPage.has(finding.page)) byPage.set(finding.page, []);
    byPage.get(finding.page).push(finding);
  }
  main.replaceChildren(...status.pages.map((page, i) => sheet(page, i + 1, byPage.get(i + 1) || [], kept)));
  const general = byPage.get(0) || [];
  document.getElementById("general").hidden = general.length === 0;
  document.getElementById("general-list").replaceChildren(...general.map(findingLink));
}

function showProblems(status) {
  const box = document.getElementById("problems");
  box.hidden = status.problems.length === 0;
  const n = status.problems.length;
  document.getElementById("problems-title").textContent =
    `${n} problem${n === 1 ? "" : "s"} in the inputs` +
    (status.shown ? ` (the pages below are from build ${status.shown})` : "");
  document.getElementById("problem-list").replaceChildren(
    ...status.problems.map((line) => element("li", { textContent: line })));
  document.body.classList.toggle("stale", n > 0);
}

function show(status) {
  document.title = `Report ${status.year}: preview`;
  document.getElementById("title").textContent = `Report ${status.year}`;
  const findings = status.findings.filter((f) => f.kind === "finding").length;
  let state = `Build ${status.build}: ${status.pages.length} pages, ${findings} findings, ` +
              `made in ${Number(status.seconds).toFixed(2)} s`;
  if (status.build === 0) state = "Making the first build (charts and every page)…";
  else if (status.problems.length) state = `Build ${status.build}: the inputs have mistakes`;
  document.getElementById("state").textContent = state;
  if (status.shown !== Number(document.body.dataset.shown || -1)) showPages(status);
  showProblems(status);
  document.body.dataset.shown = status.shown;
  document.body.dataset.build = status.build;
  shown = status.build;
}

async function follow() {
  for (;;) {
    try {
      const answer = await fetch(`/status?wait=${shown}`, { cache: "no-store" });
      if (!answer.ok) throw new Error(answer.statusText);
      show(await answer.json());
    } catch (error) {
      document.getElementById("state").textContent = "The preview has stopped (start it again to go on).";
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

follow();

// One script tag is all a host page needs: <script type="module" src=".../pkg/sendready-element.js"></script>
// It links the widget's stylesheet (once) and loads, when an element first appears on the page,
// the bundle that defines it: <sendready-setup> and <sendready-mfa> are separate downloads.
const here = new URL(".", import.meta.url);
if (!document.querySelector("link[data-sendready]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("sendready.css", here).href;
  link.dataset.sendready = "";
  document.head.append(link);
}
const bundles = new Map([["sendready-setup", "sendready.js"], ["sendready-mfa", "sendready-mfa.js"]]);
async function load(file) {
  const { default: init, define } = await import(new URL(file, here).href);
  await init();
  define();
}
function scan() {
  for (const [tag, file] of bundles) {
    if (document.querySelector(tag)) {
      bundles.delete(tag);
      load(file);
    }
  }
  if (bundles.size === 0) observer.disconnect();
}
const observer = new MutationObserver(scan);
observer.observe(document.documentElement, { childList: true, subtree: true });
scan();

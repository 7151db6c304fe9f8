// One script tag is all a host page needs: <script type="module" src=".../pkg/sendready-element.js"></script>
// It links the widget's stylesheet (once), loads the WebAssembly and defines <sendready-setup>.
const here = new URL(".", import.meta.url);
if (!document.querySelector('link[data-sendready]')) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("sendready.css", here).href;
  link.dataset.sendready = "";
  document.head.append(link);
}
const { default: init, define } = await import(new URL("sendready.js", here).href);
await init();
define();

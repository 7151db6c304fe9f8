// One script tag is all a host page needs: <script type="module" src=".../pkg/sendready-element.js"></script>
// It links the widget's stylesheet (once) and defines <sendready-setup> and <sendready-mfa>; the
// first time such an element is connected, the bundle that renders it is downloaded (the two
// are separate), and every element of that kind, now or later, is mounted from it.
const here = new URL(".", import.meta.url);
if (!document.querySelector("link[data-sendready]")) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("sendready.css", here).href;
  link.dataset.sendready = "";
  document.head.append(link);
}
const bundles = new Map();
function bundle(file) {
  if (!bundles.has(file)) {
    bundles.set(file, import(new URL(file, here).href).then(async (module) => {
      await module.default();
      return module;
    }));
  }
  return bundles.get(file);
}
function element(tag, file, mount) {
  if (customElements.get(tag)) return;
  customElements.define(tag, class extends HTMLElement {
    connectedCallback() {
      if (this.dataset.sendreadyMounted) return;
      this.dataset.sendreadyMounted = "true";
      bundle(file).then((module) => module[mount](this));
    }
  });
}
element("sendready-setup", "sendready.js", "mount_setup_element");
element("sendready-mfa", "sendready-mfa.js", "mount_mfa_element");

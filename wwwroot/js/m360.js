// Small helpers the Blazor pages call through JS interop.
window.m360 = {
  // Keeps a keyboard-selected row visible inside its scrolling list.
  scrollIntoView: function (id) {
    const element = document.getElementById(id);
    if (element) {
      element.scrollIntoView({ block: "nearest" });
    }
  }
};

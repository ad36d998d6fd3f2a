// Checks the registration form makes before anything is sent, mirroring the server's rules, with the page's
// translated messages; and the shrinking of an oversized photo to a JPEG that fits the size limit.
window.ICCT26 = window.ICCT26 || {};
(function (ns) {
  "use strict";
  const block = document.getElementById("register-messages");
  const messages = block ? JSON.parse(block.textContent) : {};

  // The message `key` in the page's language, with each {name} replaced by params[name].
  function message(key, params) {
    return (messages[key] || key).replace(/\{(\w+)\}/g, (whole, name) =>
      (params && name in params ? String(params[name]) : whole));
  }

  // Indian mobile numbers as the server reads them: +91, 91 or 0 prefixes, spaces and dashes allowed.
  function isPhone(value) {
    let digits = value.replace(/[\s-]/g, "");
    if (digits.startsWith("+91")) { digits = digits.slice(3); }
    else if (digits.length === 12 && digits.startsWith("91")) { digits = digits.slice(2); }
    else if (digits.startsWith("0")) { digits = digits.slice(1); }
    return /^[6-9][0-9]{9}$/.test(digits);
  }

  // The shape of an address; the server's check is stricter and still decides.
  function isEmail(value) {
    return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value.trim()) && value.trim().length <= 254;
  }

  // Player names compare case-, width- and spacing-insensitively, as the server's name key does.
  function nameKey(value) {
    return value.normalize("NFKC").toLocaleLowerCase().replace(/[\s.'-]+/g, " ").trim();
  }

  const SIGNATURES = [
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "image/png"],
    [[0xff, 0xd8, 0xff], "image/jpeg"],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], "application/pdf"],
  ];

  // The file's type from its leading bytes (never its name), or null when it is not PNG, JPEG or PDF.
  async function sniff(file) {
    const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
    const found = SIGNATURES.find(([bytes]) => bytes.every((byte, i) => head[i] === byte));
    return found ? found[1] : null;
  }

  function formatSize(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + " MiB"; }
    if (bytes >= 1024) { return Math.round(bytes / 1024) + " KiB"; }
    return bytes + " B";
  }

  function canvasBlob(canvas, quality) {
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
  }

  // A JPEG of the photo no larger than `limit` bytes, or null when the browser cannot decode or shrink it.
  // Each try scales the picture by the square root of the size still to lose (JPEG size follows the pixels).
  async function shrinkPhoto(file, limit) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (error) {
      return null;
    }
    let scale = Math.min(1, 3000 / Math.max(bitmap.width, bitmap.height));
    let quality = 0.85;
    const canvas = document.createElement("canvas");
    for (let attempt = 0; attempt < 8; attempt += 1) {
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";  // a transparent PNG gets a white background, not a black one
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await canvasBlob(canvas, quality);
      if (blob && blob.size <= limit) { bitmap.close(); return blob; }
      if (!blob) { break; }
      scale *= Math.min(0.9, Math.sqrt(limit / blob.size) * 0.95);
      quality = Math.max(0.6, quality - 0.05);
    }
    bitmap.close();
    return null;
  }

  // What to send for a picked file: {blob, filename, note} or {error}. A photo over the limit is shrunk.
  async function prepareFile(file, limit, limitText) {
    const type = await sniff(file);
    if (!type) { return { error: message("type") }; }
    if (file.size <= limit) { return { blob: file, filename: file.name }; }
    if (type === "application/pdf") { return { error: message("tooBigPdf", { limit: limitText }) }; }
    const smaller = await shrinkPhoto(file, limit);
    if (!smaller) { return { error: message("scaleFailed", { limit: limitText }) }; }
    const filename = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return { blob: smaller, filename: filename,
             note: message("scaled", { limit: limitText, size: formatSize(smaller.size) }) };
  }

  ns.checks = { message: message, isPhone: isPhone, isEmail: isEmail, nameKey: nameKey, sniff: sniff,
                formatSize: formatSize, shrinkPhoto: shrinkPhoto, prepareFile: prepareFile };
}(window.ICCT26));

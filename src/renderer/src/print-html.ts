/**
 * Opens the browser's print dialog on a self-contained HTML document (e.g. the report), from a
 * hidden same-origin frame, so "Save as PDF" there gives the PDF the desktop app writes directly.
 */
export function printHtml(html: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
    frame.addEventListener('load', () => {
      try {
        frame.contentWindow?.focus();
        frame.contentWindow?.print();
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        // print() returns once the dialog closes; keep the frame a moment for browsers that print asynchronously.
        setTimeout(() => frame.remove(), 60_000);
      }
    });
    frame.srcdoc = html;
    document.body.append(frame);
  });
}

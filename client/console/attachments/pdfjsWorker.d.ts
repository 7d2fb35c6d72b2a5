// pdf.js ships no types for its worker module; the viewer only hands the module object to pdf.js.
declare module 'pdfjs-dist/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}

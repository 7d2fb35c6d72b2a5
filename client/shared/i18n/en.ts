/** English interface texts. Policy labels (categories, regions, units) come from the signed policy. */
export const en = {
  app: { title: 'Report corruption safely', consoleTitle: 'Investigator console' },
  lang: { label: 'Language' },
  crypto: { loading: 'Preparing encryption…', ready: 'Encryption ready: your report is encrypted on this device before it is sent.', readySlow: 'Encryption ready, in a slower mode (WebAssembly is turned off in this browser): your report is encrypted on this device before it is sent.', failed: 'Encryption could not start in this browser.' },
};
export type Messages = typeof en;

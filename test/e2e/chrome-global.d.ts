// The slice of Chrome's extension API that tests evaluate inside the extension's service worker.
declare const chrome: {
  action: { openPopup(): Promise<void>; getBadgeText(details: { tabId: number }): Promise<string> };
  tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> };
  storage: { session: { clear(): Promise<void> } };
};

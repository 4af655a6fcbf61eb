// The slice of Chrome's extension API that Node code evaluates inside the extension (its service
// worker or its pages) through puppeteer.
declare const chrome: {
  action: { openPopup(): Promise<void>; getBadgeText(details: { tabId: number }): Promise<string> };
  tabs: { query(query: object): Promise<{ id?: number; url?: string; status?: string }[]> };
  storage: { session: { clear(): Promise<void>; get(keys: string | string[] | null): Promise<Record<string, unknown>> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};

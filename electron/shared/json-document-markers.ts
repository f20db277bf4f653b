/**
 * The two markers a JSON document from a provider may carry after the main process prepared it for
 * the window (json-document.ts writes them, the renderer's JSON tree reads them).
 */

/** Put in place of the value of a member whose name suggests a credential (token, secret, password…). */
export const HIDDEN_VALUE = '[hidden]';

/** Where a large document was cut: a member `"…": "N more"` (in arrays, an item `{"…": "N more"}`). */
export const MORE_MARKER_KEY = '…';

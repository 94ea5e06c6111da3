/** WebSocket close reasons are limited to 123 UTF-8 bytes; `ws` throws on longer ones. */
const MAX_REASON_BYTES = 123

export function shortCloseReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason
  let cut = reason
  while (Buffer.byteLength(cut + '…') > MAX_REASON_BYTES) cut = cut.slice(0, -1)
  return cut + '…'
}

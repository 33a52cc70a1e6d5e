// Trix ships no type declarations; the composer uses only Attachment.
declare module "trix" {
  const Trix: { Attachment: new (attributes: Record<string, unknown>) => unknown };
  export default Trix;
}

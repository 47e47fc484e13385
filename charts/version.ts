/**
 * keelson's own release, stamped on the objects keelson itself owns. Kept here rather than read
 * from package.json so that the compiled library carries no copy of the manifest; a test keeps
 * the two equal (test/library/package.test.ts).
 */
export const KEELSON_VERSION = '0.1.0';

// Test clock: Date.now() and new Date() report CC_FAKE_NOW (ISO) plus the real time elapsed since start.
const fake = Date.parse(process.env.CC_FAKE_NOW); const start = Date.now(); const RealDate = Date;
class FakeDate extends RealDate { constructor(...a) { if (a.length) super(...a); else super(fake + (RealDate.now() - start)); } static now() { return fake + (RealDate.now() - start); } }
globalThis.Date = FakeDate;

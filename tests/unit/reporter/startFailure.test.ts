import { ApiError, NetworkError } from '../../../client/reporter/flow/api';
import { CryptoBlockedError } from '../../../client/reporter/flow/cryptoStart';
import { errorText, startFailure } from '../../../client/reporter/flow/errors';
import type { ReporterT } from '../../../client/reporter/messages';

/** The portal names the real cause of a failed start: only a request without an answer is "the connection". */
describe('startFailure', () => {
  test('encryption that cannot start is "blocked", never the connection', () => {
    expect(startFailure(new CryptoBlockedError('ReferenceError: WebAssembly is not defined'))).toBe('blocked');
  });
  test('a request that got no answer is the connection', () => {
    expect(startFailure(new NetworkError('TypeError: Failed to fetch'))).toBe('connection');
  });
  test('an answer with an error status is the server, not the connection', () => {
    expect(startFailure(new ApiError(503, 'http_503', 'Service Unavailable'))).toBe('server');
    expect(startFailure(new Error('unexpected'))).toBe('server');
  });
  test('no valid signed policy (503 no_policy) is "expired": the page says the service is paused (issue 14 item 6)', () => {
    expect(startFailure(new ApiError(503, 'no_policy', 'No signed policy is installed or valid now.'))).toBe('expired');
  });
});

/** Which text a failure during a submission or a case opening is shown with (keys stand in for the texts). */
describe('errorText', () => {
  const keyOf = ((key: string) => key) as unknown as ReporterT;
  test('only an answer from the server is told as a refusal', () => {
    expect(errorText(keyOf, new ApiError(400, 'invalid_body', 'bad'))).toBe('errors.rejected');
    expect(errorText(keyOf, new TypeError('x is not a function'))).toBe('errors.unexpected');
    expect(errorText(keyOf, new NetworkError('offline'))).toBe('errors.network');
    expect(errorText(keyOf, new CryptoBlockedError('no random numbers'))).toBe('start.blocked');
  });
});

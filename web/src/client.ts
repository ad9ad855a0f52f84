import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from 'urql';

/** UNAUTHENTICATED from the server: the token expired or was revoked. */
export function isUnauthenticated(error: CombinedError): boolean {
  const status = (error.response as Response | undefined)?.status;
  return status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * One urql client per session (a new login starts with an empty cache: nothing one user read
 * can show to the next). Same origin: `/graphql`, no CORS.
 */
export function createClient(token: string | null, onExpired: () => void): Client {
  return new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && isUnauthenticated(error)) onExpired();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}

/** The Vietnamese message of an error for a person: the rule's own, or one per code. */
export function errorMessage(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  const messageVi = first?.extensions?.messageVi;
  if (typeof messageVi === 'string') return messageVi;
  switch (code) {
    case 'NOT_FOUND':
      return 'Không tìm thấy, hoặc bạn không có quyền xem.';
    case 'FORBIDDEN':
      return 'Bạn không có quyền thực hiện thao tác này.';
    case 'CONFLICT':
      return 'Người khác vừa thay đổi hồ sơ này. Hãy tải lại để xem bản mới nhất rồi làm lại.';
    case 'BAD_USER_INPUT':
      return `Dữ liệu chưa hợp lệ: ${first?.message ?? ''}`;
    case 'RATE_LIMITED':
      return 'Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút.';
    case 'UNAUTHENTICATED':
      return 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.';
    case 'SERVICE_UNAVAILABLE':
    case 'QUERY_TIMEOUT':
      return 'Máy chủ đang bận hoặc mất kết nối cơ sở dữ liệu. Hãy thử lại sau.';
    default:
      return error.networkError ? 'Không kết nối được máy chủ.' : 'Đã có lỗi. Hãy thử lại.';
  }
}

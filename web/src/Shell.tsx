import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Alert, Button, Layout, Menu, Space, Typography } from 'antd';
import { useQuery } from 'urql';
import { MeQuery } from './me-query';
import { useSession } from './session-context';
import { abilityFrom } from './permissions';
import { MeContext, type Me } from './me-context';
import { ROLE_LABELS, labelOf } from './labels';
import { errorMessage } from './client';
import { Loading } from './App';



/** The frame of every screen: who is logged in, the menu of what they may use, logout. */
export default function Shell() {
  const { logout } = useSession();
  const location = useLocation();
  const [{ data, error, fetching }] = useQuery({ query: MeQuery, requestPolicy: 'cache-first' });
  const me = useMemo<Me | null>(() => {
    const user = data?.me;
    if (!user) return null;
    return { id: user.id, displayName: user.displayName, email: user.email, role: user.role, organization: user.organization ?? null, ability: abilityFrom(user.permissions) };
  }, [data]);

  if (fetching && !me) return <Loading />;
  if (!me) return <Alert type="error" showIcon style={{ margin: 24 }} title={errorMessage(error) ?? 'Không đọc được thông tin người dùng.'} />;

  const items = [{ key: '/', label: <Link to="/">Cây tổ chức</Link> }];
  if (me.ability.can('read', 'Candidate')) items.push({ key: '/doi-tuong', label: <Link to="/doi-tuong">Đối tượng kết nạp</Link> });
  if (me.ability.can('read', 'Candidate') && me.organization) items.push({ key: '/thoi-han', label: <Link to="/thoi-han">Thời hạn</Link> });
  if (me.ability.can('readStatistics', 'Organization') && me.organization) items.push({ key: '/thong-ke', label: <Link to="/thong-ke">Thống kê</Link> });
  if (me.organization && ['Member', 'Candidate', 'Organization'].some((subject) => me.ability.can('create', subject))) items.push({ key: '/nhap', label: <Link to="/nhap">Nhập dữ liệu</Link> });
  const selected = ['/doi-tuong', '/thoi-han', '/thong-ke', '/nhap'].find((prefix) => location.pathname.startsWith(prefix)) ?? '/';

  return (
    <MeContext.Provider value={me}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, background: '#8c0d17', flexWrap: 'wrap', height: 'auto', lineHeight: '48px', paddingBlock: 4, rowGap: 4 }}>
          <Link to="/" style={{ color: '#fff', fontWeight: 700, fontSize: 18 }} aria-label="ketnap, trang đầu">
            ketnap
          </Link>
          <nav aria-label="Chức năng" style={{ flex: '1 1 340px', minWidth: 0 }}>
            <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} style={{ background: 'transparent', borderBottom: 0 }} />
          </nav>
          <Space wrap size="small">
            <Typography.Text style={{ color: '#fff', lineHeight: 1.4, display: 'inline-block' }} data-testid="current-user">
              {me.displayName} · {labelOf(ROLE_LABELS, me.role)}
              {me.organization ? ` · ${me.organization.name}` : ''}
            </Typography.Text>
            <Button size="small" onClick={() => logout('logout')}>
              Đăng xuất
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
          <main>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </MeContext.Provider>
  );
}

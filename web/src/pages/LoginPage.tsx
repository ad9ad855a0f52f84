import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useSession } from '../session-context';
import { errorMessage } from '../client';
import { ROLE_LABELS, labelOf } from '../labels';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      user { displayName email role organization { id } }
    }
  }
`);

interface DemoLogin {
  email: string;
  role: string;
  displayName: string;
  organizationName: string | null;
}
interface ClientConfig {
  demo: { password: string | null; logins: DemoLogin[] } | null;
}

/** The server says whether this is a development server with the demo data; production never lists logins. */
function useClientConfig(): ClientConfig | null {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/client-config', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<ClientConfig>) : { demo: null }))
      .then((c) => live && setConfig(c))
      .catch(() => live && setConfig({ demo: null }));
    return () => {
      live = false;
    };
  }, []);
  return config;
}

interface LoginValues {
  email: string;
  password: string;
}

export default function LoginPage() {
  const { login, ended } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginValues>();
  const [{ fetching }, sendLogin] = useMutation(LoginMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const config = useClientConfig();

  async function submit(values: LoginValues) {
    setFailure(null);
    const result = await sendLogin({ email: values.email.trim(), password: values.password });
    const payload = result.data?.login;
    if (!payload) {
      const code = result.error?.graphQLErrors[0]?.extensions?.code;
      setFailure(code === 'UNAUTHENTICATED' ? 'Email hoặc mật khẩu không đúng.' : errorMessage(result.error));
      return;
    }
    login({ token: payload.token, expiresAt: payload.expiresAt, user: payload.user });
    const next = params.get('tiep');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  }

  const demo = config?.demo ?? null;
  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 26, marginTop: 24 }}>
        ketnap · Phát triển đảng viên trong trường học
      </Typography.Title>
      <Card title="Đăng nhập" style={{ maxWidth: 420 }}>
        {ended === 'expired' && <Alert type="warning" showIcon title="Phiên làm việc đã hết hạn. Hãy đăng nhập lại." style={{ marginBottom: 16 }} role="status" />}
        {ended === 'logout' && <Alert type="info" showIcon title="Bạn đã đăng xuất." style={{ marginBottom: 16 }} role="status" />}
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="Email" name="email" rules={[{ required: true, message: 'Nhập email' }]}>
            <Input type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={fetching} block>
            Đăng nhập
          </Button>
        </Form>
      </Card>
      {demo && (
        <section aria-labelledby="demo-logins" style={{ marginTop: 24 }}>
          <Typography.Title level={2} id="demo-logins" style={{ fontSize: 18 }}>
            Tài khoản thử (chỉ có ở máy chủ phát triển với dữ liệu mẫu)
          </Typography.Title>
          <Typography.Paragraph>{demo.password ? <>Mật khẩu của mọi tài khoản: <Typography.Text code>{demo.password}</Typography.Text></> : 'Mật khẩu: như đã đặt trong DEMO_PASSWORD.'}</Typography.Paragraph>
          <Table<DemoLogin>
            size="small"
            rowKey="email"
            pagination={false}
            dataSource={demo.logins}
            scroll={{ x: true }}
            columns={[
              { title: 'Email', dataIndex: 'email' },
              { title: 'Vai trò', dataIndex: 'role', render: (role: string) => labelOf(ROLE_LABELS, role) },
              { title: 'Đơn vị', dataIndex: 'organizationName', render: (name: string | null) => name ?? 'Mọi đơn vị' },
              {
                title: '',
                key: 'use',
                render: (_: unknown, row) => (
                  <Button size="small" onClick={() => form.setFieldsValue({ email: row.email, ...(demo.password ? { password: demo.password } : {}) })} aria-label={`Dùng tài khoản ${row.email}`}>
                    Dùng
                  </Button>
                ),
              },
            ]}
          />
        </section>
      )}
    </main>
  );
}

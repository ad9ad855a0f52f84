import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Select, Space, Table, Typography } from 'antd';
import { useMe } from '../me-context';
import { useSession } from '../session-context';
import { formatNumber } from '../format';

type Kind = 'members' | 'candidates' | 'organizations';
const KINDS: { value: Kind; label: string; subject: string }[] = [
  { value: 'members', label: 'Đảng viên', subject: 'Member' },
  { value: 'candidates', label: 'Quần chúng, đối tượng kết nạp', subject: 'Candidate' },
  { value: 'organizations', label: 'Đơn vị, trường học', subject: 'Organization' },
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The API's import report (README, "Importing rosters"). */
interface Report {
  dryRun: boolean;
  written: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: { row: number; column: string | null; reason: string }[];
}

async function downloadTemplate(kind: Kind, token: string): Promise<void> {
  const response = await fetch(`/imports/templates/${kind}.xlsx`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `mau-nhap-${kind}.xlsx`;
  document.body.append(link);
  link.click();
  link.remove();
}

/** A roster into my subtree: the template, a dry run with its report row by row, then the real run. */
export default function ImportPage() {
  const me = useMe();
  const { session } = useSession();
  const kinds = KINDS.filter((k) => me.ability.can('create', k.subject));
  const [kind, setKind] = useState<Kind>(kinds[0]?.value ?? 'members');
  const [file, setFile] = useState<File | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  if (kinds.length === 0 || !me.organization || !session) return <Alert type="info" showIcon title="Tài khoản này không nhập được dữ liệu." />;
  const organizationId = me.organization.id;

  async function send(dryRun: boolean) {
    if (!file || !session) return;
    setSending(true);
    setFailure(null);
    const params = new URLSearchParams({ organizationId, dryRun: String(dryRun), validOnly: String(validOnly), fileName: file.name });
    try {
      const response = await fetch(`/imports/${kind}?${params}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX },
        body: file,
      });
      const body = (await response.json()) as Report | { error?: { message?: string } };
      if ('rows' in body) setReport(body);
      else setFailure(body.error?.message ?? 'Không nhập được tệp.');
    } catch {
      setFailure('Không kết nối được máy chủ.');
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Nhập dữ liệu vào {me.organization.name}
      </Typography.Title>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Select<Kind> aria-label="Loại dữ liệu" value={kind} onChange={(value) => (setKind(value), setReport(null))} options={kinds.map((k) => ({ value: k.value, label: k.label }))} style={{ width: 280 }} />
            <Button onClick={() => void downloadTemplate(kind, session.token)}>Tải tệp mẫu</Button>
          </Space>
          <label>
            Tệp XLSX hoặc CSV (UTF-8):{' '}
            <input type="file" accept=".xlsx,.csv" onChange={(event) => (setFile(event.target.files?.[0] ?? null), setReport(null))} />
          </label>
          <Checkbox checked={validOnly} onChange={(event) => setValidOnly(event.target.checked)}>
            Chỉ ghi các dòng hợp lệ
          </Checkbox>
          <Space wrap>
            <Button disabled={!file} loading={sending} onClick={() => void send(true)}>
              Kiểm tra (chạy thử)
            </Button>
            <Button type="primary" disabled={!file || !report || !report.dryRun || (report.rejected > 0 && !validOnly)} loading={sending} onClick={() => void send(false)}>
              Ghi vào cơ sở dữ liệu
            </Button>
          </Space>
        </Space>
      </Card>
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginTop: 12 }} />}
      {report && (
        <Card size="small" style={{ marginTop: 12 }} title={report.dryRun ? 'Kết quả chạy thử (chưa ghi gì)' : report.written ? 'Đã ghi' : 'Không ghi: có dòng bị từ chối'} data-testid="import-report">
          <Descriptions size="small" column={{ xs: 2, md: 5 }}>
            <Descriptions.Item label="Số dòng">{formatNumber(report.rows)}</Descriptions.Item>
            <Descriptions.Item label="Thêm mới">{formatNumber(report.created)}</Descriptions.Item>
            <Descriptions.Item label="Cập nhật">{formatNumber(report.updated)}</Descriptions.Item>
            <Descriptions.Item label="Không đổi">{formatNumber(report.unchanged)}</Descriptions.Item>
            <Descriptions.Item label="Bị từ chối">{formatNumber(report.rejected)}</Descriptions.Item>
          </Descriptions>
          {report.problems.length > 0 && (
            <Table
              size="small"
              rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.reason}`}
              pagination={false}
              dataSource={report.problems}
              columns={[
                { title: 'Dòng', dataIndex: 'row', width: 80 },
                { title: 'Cột', dataIndex: 'column', render: (column: string | null) => column ?? '' },
                { title: 'Lý do', dataIndex: 'reason' },
              ]}
            />
          )}
        </Card>
      )}
    </>
  );
}

import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Row, Select, Space, Table, Typography } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { StatisticsPageQuery } from '../gql/graphql';
import { useMe } from '../me-context';
import { useSession } from '../session-context';
import { errorMessage } from '../client';
import { formatNumber, formatPercent, schoolYearLabel, schoolYearOf, todayInVietnam } from '../format';
import { ACTIVE_STAGES, CATEGORY_LABELS, STAGE_SHORT_LABELS, labelOf } from '../labels';
import { StageChart } from './StageChart';
import { Loading } from '../App';

const StatisticsPageDoc = graphql(`
  query StatisticsPage($id: ID!, $period: PeriodInput!) {
    statistics(organizationId: $id, period: $period) {
      organization { id name }
      period { label }
      ...StatisticsFigures
      candidatesByStage { stage count }
      targets { metric target result reached }
      byChild { organization { id name } ...StatisticsFigures }
    }
  }
  fragment StatisticsFigures on Statistics {
    staff { total members membersRatio teacherMembers studentMembers }
    admissions { total byCategory { category count } }
    awarenessClass { total }
    officialRecognitions { total }
    overdueDeadlines
  }
`);

type Figures = StatisticsPageQuery['statistics'];
type ChildRow = Figures['byChild'][number];

const TARGET_LABELS = { ADMISSIONS: 'Kết nạp', AWARENESS_CLASS: 'Học lớp bồi dưỡng', STUDENT_ADMISSIONS: 'Kết nạp học sinh', STUDENT_AWARENESS_CLASS: 'Học sinh học lớp bồi dưỡng' } as const;

type PeriodKind = 'schoolYear' | 'year';

/** Downloads an export with the session's token (the routes take the same Authorization as GraphQL). */
async function download(url: string, token: string, fileName: string): Promise<string | null> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return 'Không tải được tệp.';
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return null;
}

/** The subtree's figures for a period, per child; targets against results; a chart; XLSX and CSV. */
export default function StatisticsPage() {
  const me = useMe();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const organizationId = params.get('don-vi') ?? me.organization?.id ?? null;
  const currentSchoolYear = schoolYearOf(todayInVietnam());
  const kind: PeriodKind = params.get('ky') === 'nam' ? 'year' : 'schoolYear';
  const year = Number(params.get('nam') ?? (kind === 'year' ? Number(todayInVietnam().slice(0, 4)) : currentSchoolYear));
  const period = kind === 'year' ? { year } : { schoolYear: year };
  const allowed = me.ability.can('readStatistics', 'Organization') && organizationId !== null;
  const [{ data, error, fetching }] = useQuery({ query: StatisticsPageDoc, variables: { id: organizationId ?? '', period }, pause: !allowed });
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const figures = data?.statistics;
  const stageRows = useMemo(() => (figures?.candidatesByStage ?? []).filter((s) => (ACTIVE_STAGES as readonly string[]).includes(s.stage)).map((s) => ({ label: labelOf(STAGE_SHORT_LABELS, s.stage), count: s.count })), [figures]);

  if (!allowed) return <Alert type="info" showIcon title="Tài khoản này không xem được số liệu thống kê." />;
  if (fetching && !data) return <Loading />;
  if (!figures) return <Alert type="error" showIcon role="alert" title={errorMessage(error) ?? 'Không đọc được số liệu.'} />;

  const years = Array.from({ length: 8 }, (_, i) => currentSchoolYear + 1 - i);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next);
  };
  const query = new URLSearchParams({ organizationId: organizationId ?? '', [kind]: String(year) }).toString();
  const fileBase = `thong-ke-${kind === 'year' ? year : `${year}-${year + 1}`}`;
  const save = async (format: 'xlsx' | 'csv') => session && setDownloadError(await download(`/reports/statistics.${format}?${query}`, session.token, `${fileBase}.${format}`));

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Thống kê: {figures.organization?.name}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<PeriodKind> aria-label="Kỳ báo cáo" value={kind} onChange={(value) => set('ky', value === 'year' ? 'nam' : 'nam-hoc')} options={[{ value: 'schoolYear', label: 'Năm học' }, { value: 'year', label: 'Năm' }]} style={{ width: 130 }} />
        <Select<number> aria-label="Năm" value={year} onChange={(value) => set('nam', String(value))} options={years.map((y) => ({ value: y, label: kind === 'year' ? String(y) : schoolYearLabel(y) }))} style={{ width: 190 }} />
        <Button onClick={() => void save('xlsx')}>Tải XLSX</Button>
        <Button onClick={() => void save('csv')}>Tải CSV</Button>
      </Space>
      {downloadError && <Alert type="error" showIcon role="alert" title={downloadError} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary" data-testid="period-label">
        Kỳ: {figures.period.label}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title="Số liệu chung">
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="totals">
              <li>Đảng viên trong CB, GV, NV: {formatNumber(figures.staff.members)} / {formatNumber(figures.staff.total)} ({formatPercent(figures.staff.membersRatio)}), trong đó giáo viên {formatNumber(figures.staff.teacherMembers)}</li>
              <li>Đảng viên là học sinh: {formatNumber(figures.staff.studentMembers)}</li>
              <li>
                Kết nạp trong kỳ: {formatNumber(figures.admissions.total)}
                {figures.admissions.byCategory.length > 0 && ` (${figures.admissions.byCategory.map((c) => `${labelOf(CATEGORY_LABELS, c.category).toLowerCase()} ${formatNumber(c.count)}`).join(', ')})`}
              </li>
              <li>Học lớp bồi dưỡng nhận thức về Đảng: {formatNumber(figures.awarenessClass.total)}</li>
              <li>Công nhận đảng viên chính thức: {formatNumber(figures.officialRecognitions.total)}</li>
              <li>Quá hạn: {formatNumber(figures.overdueDeadlines)}</li>
            </ul>
            {figures.targets.length > 0 && (
              <Table
                style={{ marginTop: 12 }}
                size="small"
                rowKey="metric"
                pagination={false}
                dataSource={figures.targets}
                caption={<Typography.Text strong style={{ display: 'block', textAlign: 'left' }}>Chỉ tiêu và kết quả</Typography.Text>}
                columns={[
                  { title: 'Chỉ tiêu', dataIndex: 'metric', render: (m: string) => labelOf(TARGET_LABELS, m) },
                  { title: 'Giao', dataIndex: 'target', align: 'right', render: formatNumber },
                  { title: 'Đạt', dataIndex: 'result', align: 'right', render: formatNumber },
                  { title: '', dataIndex: 'reached', render: (reached: boolean) => (reached ? 'Đạt' : 'Chưa đạt') },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Đối tượng đang phát triển theo giai đoạn (cuối kỳ)">
            <StageChart rows={stageRows} title="Đối tượng theo giai đoạn" />
          </Card>
        </Col>
      </Row>
      {figures.byChild.length > 0 && (
        <Table<ChildRow>
          style={{ marginTop: 16 }}
          size="small"
          rowKey={(row) => row.organization?.id ?? ''}
          pagination={false}
          scroll={{ x: 760 }}
          dataSource={figures.byChild}
          caption={<Typography.Text strong style={{ display: 'block', textAlign: 'left', padding: '8px 0' }}>Theo đơn vị trực thuộc</Typography.Text>}
          columns={[
            { title: 'Đơn vị', key: 'name', render: (_, row) => (row.organization ? <Link to={`/thong-ke?${new URLSearchParams({ ...Object.fromEntries(params), 'don-vi': row.organization.id }).toString()}`}>{row.organization.name}</Link> : '') },
            { title: 'Đảng viên / CB, GV, NV', key: 'staff', align: 'right', render: (_, row) => `${formatNumber(row.staff.members)} / ${formatNumber(row.staff.total)}` },
            { title: 'Tỉ lệ', key: 'ratio', align: 'right', render: (_, row) => formatPercent(row.staff.membersRatio) },
            { title: 'Kết nạp', key: 'admissions', align: 'right', render: (_, row) => formatNumber(row.admissions.total) },
            { title: 'Học lớp', key: 'class', align: 'right', render: (_, row) => formatNumber(row.awarenessClass.total) },
            { title: 'Quá hạn', key: 'overdue', align: 'right', render: (_, row) => formatNumber(row.overdueDeadlines) },
          ]}
        />
      )}
    </>
  );
}

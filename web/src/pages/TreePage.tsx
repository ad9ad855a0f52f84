import { useParams, Link } from 'react-router';
import { Alert, Breadcrumb, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { OrganizationTreeQuery } from '../gql/graphql';
import { OrganizationTree, TREE_CONTEXT, treeVariables } from './tree-query';
import { useMe } from '../me-context';
import { errorMessage } from '../client';
import { formatDate, formatNumber, formatPercent, schoolYearLabel } from '../format';
import { ACTIVE_STAGES, STAGE_SHORT_LABELS, labelOf, type Stage } from '../labels';
import { Loading } from '../App';



const TopOrganizations = graphql(`
  query TopOrganizations {
    organizations(first: 100, filter: { kinds: [CITY_COMMITTEE] }) { nodes { id name depth kindLabel } }
  }
`);

/** A user who acts for no organization (system administrators): the tenants to open. */
function Tenants() {
  const [{ data, error, fetching }] = useQuery({ query: TopOrganizations });
  if (fetching && !data) return <Loading />;
  if (!data) return <Alert type="error" showIcon role="alert" title={errorMessage(error) ?? 'Không đọc được danh sách đơn vị.'} />;
  // Tenants are the roots; a city committee may nest under another, hence the depth.
  const tenants = data.organizations.nodes.filter((o) => o.depth === 0);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Các đảng bộ
      </Typography.Title>
      <Table size="small" rowKey="id" pagination={false} dataSource={tenants} columns={[{ title: 'Đơn vị', dataIndex: 'name', render: (name: string, row) => <Link to={`/to-chuc/${encodeURIComponent(row.id)}`}>{name}</Link> }, { title: 'Loại', dataIndex: 'kindLabel' }]} />
    </>
  );
}

type Figures = NonNullable<OrganizationTreeQuery['statistics']>;
type ChildFigures = Figures['byChild'][number];

function activeCandidates(figures: Pick<Figures, 'candidatesByStage'>): number {
  return figures.candidatesByStage.filter((s) => (ACTIVE_STAGES as readonly string[]).includes(s.stage)).reduce((sum, s) => sum + s.count, 0);
}

function StageTags({ byStage }: { byStage: Figures['candidatesByStage'] }) {
  const active = byStage.filter((s) => s.count > 0 && (ACTIVE_STAGES as readonly string[]).includes(s.stage));
  if (active.length === 0) return <span>–</span>;
  return (
    <>
      {active.map((s) => (
        <Tag key={s.stage} style={{ marginBottom: 4 }}>
          {labelOf(STAGE_SHORT_LABELS, s.stage as Stage)}: {formatNumber(s.count)}
        </Tag>
      ))}
    </>
  );
}

/** An organization of my subtree: its headline figures, its children's, drill-down. */
export default function TreePage() {
  const me = useMe();
  const params = useParams();
  const id = params.id ?? me.organization?.id ?? null;
  const variables = treeVariables(id ?? '', me.ability.can('readStatistics', 'Organization'));
  const schoolYear = variables.period.schoolYear;
  const [{ data, error, fetching }] = useQuery({ query: OrganizationTree, variables, pause: !id, requestPolicy: 'cache-first', context: TREE_CONTEXT });

  if (!id) return <Tenants />;
  if (fetching && !data) return <Loading />;
  if (!data?.organization) return <Alert type="error" showIcon role="alert" title={errorMessage(error) ?? 'Không đọc được tổ chức.'} />;

  const org = data.organization;
  const figures = data.statistics ?? null;
  const myDepth = me.organization?.depth ?? 0;
  const canReadCandidates = me.ability.can('read', 'Candidate');
  const crumbs = [...org.ancestors.filter((a) => a.depth >= myDepth).map((a) => ({ title: <Link to={`/to-chuc/${encodeURIComponent(a.id)}`}>{a.name}</Link> })), { title: <span>{org.name}</span> }];

  const childRows: { id: string; name: string; kindLabel: string; figures: ChildFigures | null }[] = figures
    ? figures.byChild.flatMap((c) => (c.organization ? [{ id: c.organization.id, name: c.organization.name, kindLabel: c.organization.kindLabel, figures: c }] : []))
    : org.children.map((c) => ({ ...c, figures: null }));

  return (
    <>
      <Breadcrumb items={crumbs} style={{ marginBottom: 8 }} />
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {org.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {org.kindLabel}
        {figures ? ` · số liệu ${schoolYearLabel(schoolYear)}` : ''}
      </Typography.Paragraph>
      {figures && (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="Đảng viên / CB, GV, NV" value={`${formatNumber(figures.staff.members)} / ${formatNumber(figures.staff.total)}`} />
              <Typography.Text type="secondary">Tỉ lệ {formatPercent(figures.staff.membersRatio)}</Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="Kết nạp năm học này" value={formatNumber(figures.admissions.total)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="Đối tượng đang phát triển" value={formatNumber(activeCandidates(figures))} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="Quá hạn" value={formatNumber(figures.overdueDeadlines)} valueStyle={figures.overdueDeadlines > 0 ? { color: '#b3121f' } : undefined} />
            </Card>
          </Col>
          <Col span={24}>
            <StageTags byStage={figures.candidatesByStage} />
            <Space wrap>
              {canReadCandidates && <Link to={`/doi-tuong?don-vi=${encodeURIComponent(org.id)}`}>Xem danh sách đối tượng</Link>}
              <Link to={`/thong-ke?don-vi=${encodeURIComponent(org.id)}`}>Thống kê chi tiết</Link>
            </Space>
          </Col>
        </Row>
      )}
      {childRows.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 720 }}
          dataSource={childRows}
          caption={<Typography.Text strong style={{ display: 'block', textAlign: 'left', padding: '8px 0' }}>Đơn vị trực thuộc</Typography.Text>}
          columns={[
            { title: 'Đơn vị', dataIndex: 'name', render: (name: string, row) => <Link to={`/to-chuc/${encodeURIComponent(row.id)}`}>{name}</Link> },
            { title: 'Loại', dataIndex: 'kindLabel', responsive: ['md'] },
            ...(figures
              ? [
                  { title: 'Đảng viên / CB, GV, NV', key: 'staff', align: 'right' as const, render: (_: unknown, row: (typeof childRows)[number]) => (row.figures ? `${formatNumber(row.figures.staff.members)} / ${formatNumber(row.figures.staff.total)}` : '–') },
                  { title: 'Tỉ lệ', key: 'ratio', align: 'right' as const, render: (_: unknown, row: (typeof childRows)[number]) => formatPercent(row.figures?.staff.membersRatio) },
                  { title: 'Kết nạp', key: 'admissions', align: 'right' as const, render: (_: unknown, row: (typeof childRows)[number]) => formatNumber(row.figures?.admissions.total) },
                  { title: 'Đối tượng', key: 'candidates', align: 'right' as const, render: (_: unknown, row: (typeof childRows)[number]) => (row.figures ? formatNumber(activeCandidates(row.figures)) : '–') },
                  { title: 'Quá hạn', key: 'overdue', align: 'right' as const, render: (_: unknown, row: (typeof childRows)[number]) => formatNumber(row.figures?.overdueDeadlines) },
                ]
              : []),
          ]}
        />
      )}
      {org.moves.length > 0 && (
        <section aria-labelledby="moves" style={{ marginTop: 16 }}>
          <Typography.Title level={2} id="moves" style={{ fontSize: 16 }}>
            Lịch sử chuyển đơn vị
          </Typography.Title>
          <ul>
            {org.moves.map((m, i) => (
              <li key={i}>
                {formatDate(m.movedOn)}: từ {m.fromParent?.name ?? '(đơn vị không xem được)'} sang {m.toParent?.name ?? '(đơn vị không xem được)'}
                {m.reason ? ` (${m.reason})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

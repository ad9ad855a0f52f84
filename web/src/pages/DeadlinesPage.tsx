import { useSearchParams } from 'react-router';
import { Alert, InputNumber, Space, Typography } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { DeadlinesQuery } from '../gql/graphql';
import { useMe } from '../me-context';
import { formatNumber } from '../format';
import { CandidateTable, cellName, deadlineTag } from './CandidateTable';
import { DEADLINE_LABELS, labelOf } from '../labels';

const Deadlines = graphql(`
  query Deadlines($organizationId: ID!, $withinDays: Int!) {
    deadlines(organizationId: $organizationId, withinDays: $withinDays, first: 100) {
      totalCount
      nodes {
        id
        fullName
        stageLabel
        cell { name }
        deadline { kind dueOn overdue workingDaysLeft }
      }
    }
  }
`);

type Row = DeadlinesQuery['deadlines']['nodes'][number];

/** What a committee wants to see first: overdue steps, then those due within the next days, in the subtree. */
export default function DeadlinesPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const organizationId = params.get('don-vi') ?? me.organization?.id ?? null;
  const withinDays = Math.min(366, Math.max(0, Number(params.get('ngay') ?? '30') || 30));
  const allowed = me.ability.can('read', 'Candidate') && organizationId !== null;
  const [{ data, error, fetching }] = useQuery({ query: Deadlines, variables: { organizationId: organizationId ?? '', withinDays }, pause: !allowed });
  if (!allowed) return <Alert type="info" showIcon title="Tài khoản này không theo dõi thời hạn của đối tượng." />;
  const rows = data?.deadlines.nodes ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Thời hạn
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="within-days">Quá hạn và đến hạn trong</label>
        <InputNumber
          id="within-days"
          min={0}
          max={366}
          precision={0}
          value={withinDays}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            next.set('ngay', String(value ?? 30));
            setParams(next);
          }}
        />
        <span>ngày tới</span>
      </Space>
      <CandidateTable<Row>
        rows={rows}
        loading={fetching}
        error={error}
        width={640}
        empty="Không có việc nào quá hạn hoặc sắp đến hạn"
        columns={[
          { title: 'Hạn', key: 'due', render: (_, row) => deadlineTag(row) },
          { title: 'Việc', key: 'kind', render: (_, row) => labelOf(DEADLINE_LABELS, row.deadline?.kind) },
          { title: 'Giai đoạn', dataIndex: 'stageLabel', responsive: ['md'] },
          { title: 'Chi bộ', key: 'cell', render: (_, row) => cellName(row), responsive: ['lg'] },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }} data-testid="deadline-total">
        Tổng số: {formatNumber(data?.deadlines.totalCount ?? 0)}
      </Typography.Paragraph>
    </>
  );
}

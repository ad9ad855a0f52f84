import { useSearchParams } from 'react-router';
import { Alert, Button, Checkbox, Input, Select, Space, Typography } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { CandidateListQuery, CandidateStage, PersonCategory, SchoolLevel, StallReason } from '../gql/graphql';
import { useMe } from '../me-context';
import { formatDate, formatNumber, parseDate } from '../format';
import { CandidateTable, cellName, deadlineTag } from './CandidateTable';
import { CATEGORY_LABELS, SCHOOL_LEVEL_LABELS, STAGE_LABELS, STALL_REASON_LABELS, labelOf } from '../labels';

const CandidateList = graphql(`
  query CandidateList($first: Int!, $after: String, $filter: CandidateFilter) {
    candidates(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        fullName
        dateOfBirth
        category
        stage
        stageLabel
        stageSince
        cell { id name }
        deadline { dueOn overdue workingDaysLeft }
      }
    }
  }
`);

/** A page of 50 (one request, the cells and deadlines with it). */
const PAGE_SIZE = 50;

/** A filter on several codes of an enumeration, each shown by its label. */
function CodesFilter<T extends string>(props: { label: string; placeholder: string; labels: Readonly<Record<string, string>>; value: T[]; minWidth: number; onChange(value: T[]): void }) {
  return (
    <Select<T[]>
      mode="multiple"
      aria-label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      onChange={props.onChange}
      options={Object.entries(props.labels).map(([value, label]) => ({ value: value as T, label }))}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: props.minWidth, maxWidth: '100%' }}
      allowClear
    />
  );
}

function setAll(params: URLSearchParams, name: string, values: readonly string[]): void {
  params.delete(name);
  for (const value of values) params.append(name, value);
}
type Row = CandidateListQuery['candidates']['nodes'][number];

/**
 * The candidates I may see: filters (stage, search, an organization of my subtree) and cursor
 * pages, all kept in the address so a reload or a shared link shows the same page.
 */
export default function CandidatesPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const search = params.get('tim') ?? '';
  const stages = params.getAll('giai-doan').filter((s): s is CandidateStage => s in STAGE_LABELS);
  const under = params.get('don-vi');
  // The cursors of the pages before this one: "Trang trước" pops one.
  const cursors = params.getAll('sau');
  const after = cursors.length ? cursors[cursors.length - 1] : null;
  // urql keys a request by its variables' content: a new object with the same filter is the same request.
  const categories = params.getAll('loai').filter((c): c is PersonCategory => c in CATEGORY_LABELS);
  const schoolLevels = params.getAll('bac').filter((l): l is SchoolLevel => l in SCHOOL_LEVEL_LABELS);
  const overdue = params.get('qua-han') === '1';
  const stalled = params.get('chung-lai') === '1';
  const eligibleBy = parseDate(params.get('du-tuoi') ?? '');
  const filter = {
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(stages.length ? { stages } : {}),
    ...(categories.length ? { categories } : {}),
    ...(schoolLevels.length ? { schoolLevels } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(stalled ? { stallReasons: Object.keys(STALL_REASON_LABELS) as StallReason[] } : {}),
    ...(eligibleBy ? { eligibleBy } : {}),
    ...(under ? { under } : {}),
  };
  const allowed = me.ability.can('read', 'Candidate');
  const [{ data, error, fetching }] = useQuery({ query: CandidateList, variables: { first: PAGE_SIZE, after, filter }, pause: !allowed });

  if (!allowed) return <Alert type="info" showIcon title="Tài khoản này không xem được danh sách đối tượng (chỉ xem số liệu thống kê)." />;

  function update(change: (next: URLSearchParams) => void) {
    const next = new URLSearchParams(params);
    change(next);
    setParams(next);
  }
  const resetPages = (next: URLSearchParams) => next.delete('sau');
  const page = data?.candidates;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Đối tượng kết nạp
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }} align="start">
        <Input.Search
          aria-label="Tìm theo tên"
          placeholder="Tìm theo tên (không cần dấu)"
          defaultValue={search}
          allowClear
          onSearch={(value) =>
            update((next) => {
              resetPages(next);
              if (value.trim()) next.set('tim', value.trim());
              else next.delete('tim');
            })
          }
          style={{ width: 280 }}
        />
        <CodesFilter<CandidateStage> label="Giai đoạn" placeholder="Mọi giai đoạn" labels={STAGE_LABELS} value={stages} minWidth={280} onChange={(value) => update((next) => (resetPages(next), setAll(next, 'giai-doan', value)))} />
        <CodesFilter<PersonCategory> label="Đối tượng" placeholder="Mọi đối tượng" labels={CATEGORY_LABELS} value={categories} minWidth={200} onChange={(value) => update((next) => (resetPages(next), setAll(next, 'loai', value)))} />
        <CodesFilter<SchoolLevel> label="Bậc học" placeholder="Mọi bậc học" labels={SCHOOL_LEVEL_LABELS} value={schoolLevels} minWidth={200} onChange={(value) => update((next) => (resetPages(next), setAll(next, 'bac', value)))} />
        <Input
          aria-label="Đủ 18 tuổi trước ngày"
          placeholder="Đủ 18 tuổi trước ngày (ngày/tháng/năm)"
          defaultValue={params.get('du-tuoi') ?? ''}
          onPressEnter={(event) => {
            const value = event.currentTarget.value.trim();
            update((next) => {
              resetPages(next);
              if (value && parseDate(value)) next.set('du-tuoi', value);
              else next.delete('du-tuoi');
            });
          }}
          status={params.get('du-tuoi') && !eligibleBy ? 'error' : undefined}
          style={{ width: 260 }}
        />
        <Checkbox checked={overdue} onChange={(event) => update((next) => (resetPages(next), event.target.checked ? next.set('qua-han', '1') : next.delete('qua-han')))}>
          Quá hạn
        </Checkbox>
        <Checkbox checked={stalled} onChange={(event) => update((next) => (resetPages(next), event.target.checked ? next.set('chung-lai', '1') : next.delete('chung-lai')))}>
          Đang chững lại
        </Checkbox>
        {under && (
          <Button onClick={() => update((next) => (resetPages(next), next.delete('don-vi')))}>Bỏ lọc theo đơn vị</Button>
        )}
      </Space>
      <CandidateTable<Row>
        rows={page?.nodes ?? []}
        loading={fetching}
        error={error}
        width={760}
        empty="Không có đối tượng nào"
        columns={[
          { title: 'Ngày sinh', dataIndex: 'dateOfBirth', render: formatDate, responsive: ['sm'] },
          { title: 'Đối tượng', dataIndex: 'category', render: (c: string) => labelOf(CATEGORY_LABELS, c), responsive: ['md'] },
          { title: 'Giai đoạn', dataIndex: 'stageLabel' },
          { title: 'Từ ngày', dataIndex: 'stageSince', render: formatDate, responsive: ['md'] },
          { title: 'Chi bộ', key: 'cell', render: (_, row) => cellName(row), responsive: ['lg'] },
          { title: 'Thời hạn', key: 'deadline', render: (_, row) => deadlineTag(row) },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Typography.Text data-testid="candidate-total">Tổng số: {formatNumber(page?.totalCount ?? 0)}</Typography.Text>
        <Button disabled={cursors.length === 0} onClick={() => update((next) => {
          next.delete('sau');
          for (const c of cursors.slice(0, -1)) next.append('sau', c);
        })}>
          Trang trước
        </Button>
        <Button disabled={!page?.pageInfo.hasNextPage} onClick={() => update((next) => page?.pageInfo.endCursor && next.append('sau', page.pageInfo.endCursor))}>
          Trang sau
        </Button>
      </Space>
    </>
  );
}

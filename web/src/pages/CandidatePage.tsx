import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { CandidatePageQuery } from '../gql/graphql';
import { useMe } from '../me-context';
import { errorMessage } from '../client';
import { canOnCandidate } from '../permissions';
import { formatDate, formatDateTime, workingDaysText } from '../format';
import { CATEGORY_LABELS, DEADLINE_LABELS, EDUCATION_LABELS, GENDER_LABELS, SCHOOL_LEVEL_LABELS, STAGE_SHORT_LABELS, STALL_REASON_LABELS, labelOf } from '../labels';
import { STEPS, closeSpec } from '../steps/steps';
import { StepForm } from '../steps/StepForm';
import { Loading } from '../App';

const CandidatePageQueryDoc = graphql(`
  query CandidatePage($id: ID!) {
    candidate(id: $id) {
      id
      version
      fullName
      dateOfBirth
      eligibleFrom
      gender
      category
      educationLevel
      grade
      youthUnionMember
      nationalId
      phone
      email
      address
      notes
      stage
      stageLabel
      stageSince
      awarenessCertificateNumber
      awarenessCertificateOn
      cell { id name }
      school { name level }
      mentor { id fullName }
      deadline { kind dueOn overdue workingDaysLeft }
      stallReasons { reason note recordedOn }
      failingRules { rule messageVi }
      nextStep { action descriptionVi organization { name } }
      history { id kind fromStage toStage occurredOn note corrected recordedAt }
      permissionSubject
    }
  }
`);

const UpdateCandidate = graphql(`
  mutation UpdateCandidate($id: ID!, $input: UpdateCandidateInput!) {
    updateCandidate(id: $id, input: $input) { id version fullName phone notes }
  }
`);

type CandidateData = CandidatePageQuery['candidate'];
type HistoryRow = CandidateData['history'][number];

interface EditValues {
  fullName: string;
  phone?: string;
  notes?: string;
}

/** Editing a candidate's data with the version read: a stale version says someone else changed it. */
function EditForm({ candidate, onDone }: { candidate: CandidateData; onDone(): void }) {
  const [{ fetching }, update] = useMutation(UpdateCandidate);
  const [problem, setProblem] = useState<{ conflict: boolean; message: string } | null>(null);
  async function submit(values: EditValues) {
    setProblem(null);
    const result = await update({ id: candidate.id, input: { version: candidate.version, fullName: values.fullName, phone: values.phone ?? '', notes: values.notes ?? '' } });
    if (result.error) {
      const conflict = result.error.graphQLErrors.some((e) => e.extensions?.code === 'CONFLICT');
      setProblem({ conflict, message: conflict ? 'Người khác đã thay đổi hồ sơ này sau khi bạn mở nó. Hãy tải lại để xem bản mới nhất, rồi sửa lại.' : (errorMessage(result.error) ?? '') });
      return;
    }
    onDone();
  }
  return (
    <Card title="Sửa thông tin" size="small" data-testid="edit-form">
      {problem && <Alert type={problem.conflict ? 'warning' : 'error'} showIcon role="alert" data-testid="edit-problem" title={problem.message} style={{ marginBottom: 12 }} />}
      <Form<EditValues> layout="vertical" initialValues={{ fullName: candidate.fullName, phone: candidate.phone ?? '', notes: candidate.notes ?? '' }} onFinish={submit}>
        <Form.Item name="fullName" label="Họ và tên" rules={[{ required: true, message: 'Nhập họ và tên' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="Điện thoại">
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="notes" label="Ghi chú của chi bộ">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={fetching}>
            Lưu
          </Button>
          <Button onClick={onDone}>Đóng</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** A candidate: data, history, deadline, and the next step as a form when this user may take it. */
export default function CandidatePage() {
  const me = useMe();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, reload] = useQuery({ query: CandidatePageQueryDoc, variables: { id } });
  const [editing, setEditing] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);

  if (fetching && !data) return <Loading />;
  const c = data?.candidate;
  if (!c) return <Alert type="error" showIcon role="alert" title={errorMessage(error) ?? 'Không đọc được đối tượng.'} />;

  const refresh = () => reload({ requestPolicy: 'network-only' });
  const subject = c.permissionSubject;
  const spec = c.nextStep ? STEPS[c.nextStep.action] : undefined;
  const mayTakeStep = spec !== undefined && canOnCandidate(me.ability, spec.permission, subject);
  const mayEdit = canOnCandidate(me.ability, 'update', subject);
  const sensitive = canOnCandidate(me.ability, 'readSensitive', subject);
  const close = closeSpec(c.stage, (action) => canOnCandidate(me.ability, action, subject));

  return (
    <>
      <Typography.Text>
        <Link to="/doi-tuong">← Danh sách đối tượng</Link>
      </Typography.Text>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 8 }}>
        {c.fullName}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color="red" data-testid="candidate-stage">{c.stageLabel}</Tag>
        <Typography.Text type="secondary">từ {formatDate(c.stageSince)}</Typography.Text>
        {c.deadline && (
          <Tag color={c.deadline.overdue ? 'red' : 'gold'}>
            {labelOf(DEADLINE_LABELS, c.deadline.kind)}: hạn {formatDate(c.deadline.dueOn)}, {workingDaysText(c.deadline.workingDaysLeft)}
          </Tag>
        )}
      </Space>
      {recorded && <Alert type="success" showIcon role="status" title={recorded} style={{ marginBottom: 12 }} closable={{ onClose: () => setRecorded(null) }} />}
      {c.failingRules.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="Chưa đủ điều kiện cho các bước tới"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {c.failingRules.map((r) => (
                <li key={r.rule}>{r.messageVi}</li>
              ))}
            </ul>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title="Thông tin" size="small" extra={mayEdit && !editing ? <Button size="small" onClick={() => setEditing(true)}>Sửa</Button> : null}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="Ngày sinh">{formatDate(c.dateOfBirth)}</Descriptions.Item>
              <Descriptions.Item label="Đủ 18 tuổi từ">{formatDate(c.eligibleFrom)}</Descriptions.Item>
              <Descriptions.Item label="Giới tính">{labelOf(GENDER_LABELS, c.gender)}</Descriptions.Item>
              <Descriptions.Item label="Đối tượng">
                {labelOf(CATEGORY_LABELS, c.category)}
                {c.grade ? `, lớp ${c.grade}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="Trình độ">{labelOf(EDUCATION_LABELS, c.educationLevel)}</Descriptions.Item>
              <Descriptions.Item label="Đoàn viên">{c.youthUnionMember ? 'Có' : 'Không'}</Descriptions.Item>
              <Descriptions.Item label="Chi bộ">{c.cell?.name ?? ''}</Descriptions.Item>
              <Descriptions.Item label="Trường">{c.school ? `${c.school.name} (${labelOf(SCHOOL_LEVEL_LABELS, c.school.level)})` : ''}</Descriptions.Item>
              <Descriptions.Item label="Đảng viên giúp đỡ">{c.mentor?.fullName ?? 'Chưa phân công'}</Descriptions.Item>
              {c.awarenessCertificateOn && (
                <Descriptions.Item label="Giấy chứng nhận lớp bồi dưỡng">
                  {c.awarenessCertificateNumber}, {formatDate(c.awarenessCertificateOn)}
                </Descriptions.Item>
              )}
              {c.stallReasons.length > 0 && <Descriptions.Item label="Lý do chững lại">{c.stallReasons.map((s) => labelOf(STALL_REASON_LABELS, s.reason)).join(', ')}</Descriptions.Item>}
              {sensitive && (
                <>
                  <Descriptions.Item label="Số CCCD">{c.nationalId ?? ''}</Descriptions.Item>
                  <Descriptions.Item label="Điện thoại">{c.phone ?? ''}</Descriptions.Item>
                  <Descriptions.Item label="Email">{c.email ?? ''}</Descriptions.Item>
                  <Descriptions.Item label="Địa chỉ">{c.address ?? ''}</Descriptions.Item>
                  <Descriptions.Item label="Ghi chú">{c.notes ?? ''}</Descriptions.Item>
                </>
              )}
            </Descriptions>
          </Card>
          {editing && (
            <div style={{ marginTop: 16 }}>
              <EditForm
                candidate={c}
                onDone={() => {
                  setEditing(false);
                  refresh();
                }}
              />
            </div>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card title="Bước tiếp theo" size="small" style={{ marginBottom: 16 }}>
            {c.nextStep ? (
              <Typography.Paragraph data-testid="next-step">
                {c.nextStep.descriptionVi}
                {c.nextStep.organization ? ` (${c.nextStep.organization.name})` : ''}
              </Typography.Paragraph>
            ) : (
              <Typography.Paragraph>Quá trình đã kết thúc.</Typography.Paragraph>
            )}
            {spec && mayTakeStep && (
              <StepForm
                key={`${c.id}-${c.version}`}
                spec={spec}
                candidate={{ id: c.id, version: c.version, cellId: c.cell?.id ?? null }}
                onDone={() => {
                  setRecorded(`Đã ghi nhận: ${spec.title}.`);
                  refresh();
                }}
              />
            )}
            {close && !closing && (
              <Button style={{ marginTop: 12 }} onClick={() => setClosing(true)}>
                Kết thúc (dừng, không kết nạp, xóa tên)…
              </Button>
            )}
            {close && closing && (
              <div style={{ marginTop: 12 }}>
                <StepForm
                  key={`close-${c.id}-${c.version}`}
                  testId="close"
                  spec={close}
                  candidate={{ id: c.id, version: c.version, cellId: c.cell?.id ?? null }}
                  onDone={() => {
                    setClosing(false);
                    setRecorded(`Đã ghi nhận: ${close.title}.`);
                    refresh();
                  }}
                />
              </div>
            )}
          </Card>
        </Col>
      </Row>
      <Table<HistoryRow>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 560 }}
        dataSource={c.history}
        caption={<Typography.Text strong style={{ display: 'block', textAlign: 'left', padding: '8px 0' }}>Quá trình</Typography.Text>}
        columns={[
          { title: 'Ngày', dataIndex: 'occurredOn', render: formatDate },
          { title: 'Bước', key: 'step', render: (_, row) => `${row.fromStage ? `${labelOf(STAGE_SHORT_LABELS, row.fromStage)} → ` : ''}${labelOf(STAGE_SHORT_LABELS, row.toStage)}${row.corrected ? ' (đã sửa)' : ''}` },
          { title: 'Ghi chú', dataIndex: 'note', responsive: ['md'] },
          { title: 'Ghi nhận lúc', dataIndex: 'recordedAt', render: formatDateTime, responsive: ['lg'] },
        ]}
      />
    </>
  );
}

import { lazy, Suspense, useEffect, useRef } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useClient } from 'urql';
import { prefetchFirstScreen } from './prefetch';
import { Spin } from 'antd';
import { useSession } from './session-context';

// Each screen is its own chunk: the first visit loads the shell and the screen it opens.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const Shell = lazy(() => import('./Shell'));
const TreePage = lazy(() => import('./pages/TreePage'));
const CandidatesPage = lazy(() => import('./pages/CandidatesPage'));
const CandidatePage = lazy(() => import('./pages/CandidatePage'));
const DeadlinesPage = lazy(() => import('./pages/DeadlinesPage'));
const StatisticsPage = lazy(() => import('./pages/StatisticsPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));

export function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin aria-label="Đang tải" />
    </div>
  );
}

export const LOGIN_PATH = '/dang-nhap';

export function App() {
  const { session } = useSession();
  const location = useLocation();
  const client = useClient();
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !session) return;
    started.current = true;
    prefetchFirstScreen(client, session, location.pathname);
  }, [client, session, location.pathname]);
  if (!session) {
    const next = location.pathname === LOGIN_PATH ? null : `${location.pathname}${location.search}`;
    return (
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path={LOGIN_PATH} element={<LoginPage />} />
          <Route path="*" element={<Navigate to={next ? `${LOGIN_PATH}?tiep=${encodeURIComponent(next)}` : LOGIN_PATH} replace />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<TreePage />} />
          <Route path="to-chuc/:id" element={<TreePage />} />
          <Route path="doi-tuong" element={<CandidatesPage />} />
          <Route path="doi-tuong/:id" element={<CandidatePage />} />
          <Route path="thoi-han" element={<DeadlinesPage />} />
          <Route path="thong-ke" element={<StatisticsPage />} />
          <Route path="nhap" element={<ImportPage />} />
          <Route path="dang-nhap" element={<Navigate to="/" replace />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

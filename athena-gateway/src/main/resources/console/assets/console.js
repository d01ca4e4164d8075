/*
 * Athena memory console. Every action is a call of the API (POST /tools/{name}/execute, plus the read-only
 * /console/api answers), so validation and project isolation are the API's. Data is only ever put in the page as
 * text (textContent, text nodes): never parsed as HTML, so a memory that contains markup is shown, not run.
 */
'use strict';

(function () {
  const KEY_STORAGE = 'athena.console.key';
  const PROJECT_STORAGE = 'athena.console.project';
  const IMPORT_BATCH = 200;
  const SCORE_TERMS = ['fused_score', 'vector_term', 'text_term', 'context_term', 'recency_term', 'importance_term',
    'time_term'];

  const state = { session: null, cursors: [null], page: 0, nextCursor: null, mode: 'list' };

  // ---- DOM helpers: text only -------------------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  /** Builds an element; string children become text nodes. attrs sets properties (className, type, ...) or data-*. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (name.startsWith('data-')) node.setAttribute(name, String(value));
      else if (name === 'onclick') node.addEventListener('click', value);
      else node[name] = value;
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function text(value) {
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  function short(value, max) {
    const s = text(value);
    return s.length > max ? s.slice(0, max - 1) + '…' : s;
  }

  function plural(count, noun, nouns) {
    return count + ' ' + (count === 1 ? noun : nouns || noun + 's');
  }

  function number(value, digits) {
    return value === undefined || value === null ? '–' : Number(value).toFixed(digits);
  }

  function notice(message, isError) {
    const node = $('notice');
    node.textContent = message;
    node.className = isError ? 'notice error' : 'notice';
    node.hidden = !message;
  }

  function table(target, headers, rows) {
    const head = clear(target.tHead || target.createTHead());
    head.append(el('tr', null, headers.map((h) => el('th', null, h))));
    const body = clear(target.tBodies[0] || target.createTBody());
    rows.forEach((row) => body.append(row));
    return body;
  }

  function keyValues(object) {
    return el('table', { className: 'kv' }, Object.entries(object).map(([k, v]) =>
      el('tr', null, el('th', null, k), el('td', null, text(v)))));
  }

  function bar(value, max, label) {
    const fill = el('span', { className: 'fill' });
    const share = max > 0 && value > 0 ? Math.min(1, value / max) : 0;
    fill.style.width = (share * 100).toFixed(1) + '%'; // CSSOM, allowed by the style-src policy
    return el('span', { className: 'bar', title: label + ' ' + number(value, 3) },
      el('span', { className: 'track' }, fill), el('span', { className: 'bar-value' }, number(value, 3)));
  }

  // ---- API ---------------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
      this.status = status;
      this.problem = problem || {};
    }
  }

  function headers(json) {
    const h = { Accept: 'application/json' };
    if (json) h['Content-Type'] = 'application/json';
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) h.Authorization = 'Bearer ' + key;
    return h;
  }

  async function request(path, options) {
    const response = await fetch(path, Object.assign({ credentials: 'omit', cache: 'no-store' }, options));
    const body = await response.json().catch(() => null);
    if (response.status === 401) {
      showKeyPrompt(sessionStorage.getItem(KEY_STORAGE) ? 'The API key is not valid.' : '');
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  function get(path) {
    return request(path, { headers: headers(false) });
  }

  function tool(name, parameters) {
    return request('/tools/' + encodeURIComponent(name) + '/execute',
      { method: 'POST', headers: headers(true), body: JSON.stringify(parameters) });
  }

  function project() {
    return $('project').value;
  }

  function failure(e) {
    const errors = (e.problem && e.problem.errors) || [];
    const fields = errors.map((x) => x.field + ': ' + x.reason).join('; ');
    notice((e.status ? e.status + ' ' : '') + (fields || e.message), true);
  }

  // ---- Tool schemas ------------------------------------------------------------------------------------------------

  /** Choices and limits come from the schemas GET /tools publishes, so the console follows the server's tools. */
  const tools = new Map();

  function parameter(toolName, name) {
    const described = tools.get(toolName);
    const properties = described && described.input_schema && described.input_schema.properties;
    return (properties && properties[name]) || {};
  }

  /** Replaces the choices of a select (keeping its blank "all" option) by a parameter's enum. */
  function fillSelect(id, schema) {
    const select = $(id);
    const previous = select.value;
    Array.from(select.options).filter((o) => o.value !== '').forEach((o) => o.remove());
    const values = schema.enum || [];
    values.forEach((v) => select.append(el('option', { value: v }, v)));
    if (values.includes(previous)) select.value = previous;
    else if (values.includes(schema.default)) select.value = schema.default;
    else if (select.options.length) select.selectedIndex = 0;
  }

  function setBound(input, attribute, value) {
    if (typeof value === 'number') input.setAttribute(attribute, String(value));
  }

  function applySchemas() {
    fillSelect('f-type', parameter('list_memories', 'memory_type'));
    fillSelect('f-state', parameter('list_memories', 'state'));
    fillSelect('r-type', parameter('remember', 'memory_type'));
    fillSelect('e-type', parameter('recall_events', 'event_type'));
    const outcome = parameter('recall_events', 'outcome');
    fillSelect('e-outcome', outcome.enum ? outcome : parameter('record_event', 'outcome'));
    fillSelect('c-strategy', parameter('run_consolidation', 'strategy'));
    const importance = parameter('remember', 'importance');
    setBound($('r-importance'), 'min', importance.minimum);
    setBound($('r-importance'), 'max', importance.maximum);
    if (typeof importance.default === 'number') $('r-importance').value = String(importance.default);
    setBound($('r-content'), 'maxlength', parameter('remember', 'content').maxLength);
    const days = parameter('run_consolidation', 'days_back');
    setBound($('c-days'), 'min', days.minimum);
    setBound($('c-days'), 'max', days.maximum);
  }

  async function loadSchemas() {
    try {
      const list = await get('/tools');
      tools.clear();
      list.tools.forEach((t) => tools.set(t.name, t));
      applySchemas();
    } catch (e) {
      if (e.status !== 401) notice('Could not read the tool schemas (GET /tools): ' + e.message, true);
    }
  }

  /** A tool the schemas do not describe counts as destructive: asking once too often is the safe mistake. */
  function destructive(toolName) {
    const described = tools.get(toolName);
    return !described || described.destructive !== false;
  }

  /** recall's k, capped by the maximum its schema publishes. */
  function recallSize(wanted) {
    const max = parameter('recall', 'k').maximum;
    return typeof max === 'number' ? Math.min(wanted, max) : wanted;
  }

  // ---- Session and key ---------------------------------------------------------------------------------------------

  function showKeyPrompt(message) {
    $('key-prompt').hidden = false;
    $('tabs').hidden = true;
    $('app').hidden = true;
    $('detail').hidden = true;
    $('key-error').textContent = message || '';
    $('key-input').focus();
  }

  async function start() {
    let session;
    try {
      session = await get('/console/api/session');
    } catch (e) {
      if (e.status !== 401) $('key-error').textContent = e.message;
      return;
    }
    state.session = session;
    const select = clear($('project'));
    session.projects.forEach((p) => select.append(el('option', { value: p }, p)));
    const remembered = sessionStorage.getItem(PROJECT_STORAGE);
    select.value = session.projects.includes(remembered) ? remembered
      : session.projects.includes(session.default_project) ? session.default_project : session.projects[0];
    $('who').textContent = !session.keys_required ? 'open mode (no API keys)'
      : session.all_projects ? 'key for every project' : 'key for ' + session.projects.join(', ');
    $('sign-out').hidden = !session.keys_required;
    $('key-prompt').hidden = true;
    $('tabs').hidden = false;
    $('app').hidden = false;
    await loadSchemas();
    showTab(currentTab());
  }

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('key-input').value.trim());
    $('key-input').value = '';
    start();
  });

  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    showKeyPrompt('');
  });

  $('project').addEventListener('change', () => {
    sessionStorage.setItem(PROJECT_STORAGE, project());
    $('detail').hidden = true;
    resetPaging();
    showTab(currentTab());
  });

  // ---- Tabs --------------------------------------------------------------------------------------------------------

  const loaders = {
    memories: () => (state.mode === 'search' ? search() : loadMemories()),
    events: loadEvents,
    patterns: loadPatterns,
    status: loadStatus,
    remember: () => {},
    import: () => {},
  };

  function currentTab() {
    const active = document.querySelector('#tabs button.active');
    return active ? active.dataset.tab : 'memories';
  }

  function showTab(name) {
    document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
    document.querySelectorAll('.tab').forEach((t) => { t.hidden = t.id !== 'tab-' + name; });
    notice('');
    Promise.resolve(loaders[name]()).catch(failure);
  }

  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));

  // ---- Memories ----------------------------------------------------------------------------------------------------

  function tagList(value) {
    return value.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
  }

  function instant(input) {
    return input.value ? new Date(input.value).toISOString() : undefined;
  }

  function metadataFilter() {
    const raw = $('f-metadata').value.trim();
    if (!raw) return undefined;
    const parsed = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('metadata: must be a JSON object');
    }
    return parsed;
  }

  /** list_memories filters by type, tags and state; the time range and metadata narrow the rows of the page. */
  function matchesPageFilters(memory, metadata) {
    const from = instant($('f-from'));
    const to = instant($('f-to'));
    if (from && memory.occurred_at < from) return false;
    if (to && memory.occurred_at >= to) return false;
    if (metadata) {
      return Object.entries(metadata).every(([k, v]) =>
        JSON.stringify((memory.metadata || {})[k]) === JSON.stringify(v));
    }
    return true;
  }

  function resetPaging() {
    state.cursors = [null];
    state.page = 0;
  }

  async function loadMemories() {
    state.mode = 'list';
    const metadata = metadataFilter();
    const params = { project: project(), state: $('f-state').value, limit: 50 };
    if ($('f-type').value) params.memory_type = $('f-type').value;
    const tags = tagList($('f-tags').value);
    if (tags.length) params.tags = tags;
    const cursor = state.cursors[state.page];
    if (cursor) params.cursor = cursor;
    const page = await tool('list_memories', params);
    state.nextCursor = page.next_cursor;
    const items = page.items.filter((m) => matchesPageFilters(m, metadata));
    const narrowed = items.length !== page.items.length ? ' (' + (page.items.length - items.length)
      + ' of this page left out by the time range or metadata)' : '';
    $('memories-caption').textContent = 'Page ' + (state.page + 1) + ': ' + plural(items.length, 'memory', 'memories')
      + ', newest first'
      + narrowed + '.';
    table($('memories-table'), ['created', 'type', 'state', 'content', 'tags', 'importance'],
      items.map((m) => el('tr', { className: 'clickable', 'data-id': m.id, onclick: () => showMemory(m.id) },
        el('td', { className: 'nowrap' }, text(m.created_at).slice(0, 19).replace('T', ' ')),
        el('td', null, m.memory_type), el('td', null, m.state),
        el('td', { className: 'content' }, short(m.content, 160)),
        el('td', null, (m.tags || []).join(', ')), el('td', null, number(m.importance, 2)))));
    $('page-next').disabled = !state.nextCursor;
    $('page-first').disabled = state.page === 0;
  }

  async function search() {
    const query = $('search-query').value.trim();
    if (!query) return loadMemories();
    state.mode = 'search';
    const params = { query: query, project: project(), k: recallSize(20), explain: true };
    if ($('f-type').value) params.memory_type = $('f-type').value;
    const tags = tagList($('f-tags').value);
    if (tags.length) params.tags = tags;
    if ($('f-from').value) params.occurred_after = instant($('f-from'));
    if ($('f-to').value) params.occurred_before = instant($('f-to'));
    const metadata = metadataFilter();
    if (metadata) params.metadata = metadata;
    if ($('f-state').value === 'superseded') params.include_superseded = true;
    const answer = await tool('recall', params);
    $('memories-caption').textContent = plural(answer.count, 'result') + ' for the query, best first'
      + (answer.degraded ? ' (embedder unavailable: full-text evidence only)' : '')
      + '. Each bar is one term of the score.';
    table($('memories-table'), ['score', 'type', 'content', 'why (score terms)'],
      answer.results.map((r) => el('tr',
        { className: 'clickable result', 'data-id': r.id, onclick: () => showMemory(r.id) },
        el('td', { className: 'score' }, number(r.score, 3)), el('td', null, r.memory_type),
        el('td', { className: 'content' }, short(r.content, 200)),
        el('td', { className: 'explain' }, explainTerms(r.explain)))));
    $('page-next').disabled = true;
    $('page-first').disabled = true;
  }

  function explainTerms(explain) {
    if (!explain) return '';
    const rows = SCORE_TERMS.filter((t) => t in explain).map((t) =>
      el('div', { className: 'term', 'data-term': t }, el('span', { className: 'term-name' }, t.replace(/_/g, ' ')),
        bar(explain[t], 1, t)));
    const ranks = el('div', { className: 'ranks' }, 'vector rank ' + text(explain.vector_rank ?? '–')
      + ', similarity ' + number(explain.vector_similarity, 3) + '; text rank ' + text(explain.text_rank ?? '–')
      + ', BM25 ' + number(explain.text_score, 2));
    return el('div', { className: 'terms' }, rows, ranks);
  }

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search().catch(failure);
  });
  $('search-clear').addEventListener('click', () => {
    $('search-query').value = '';
    resetPaging();
    loadMemories().catch(failure);
  });
  $('memory-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    resetPaging();
    (state.mode === 'search' ? search() : loadMemories()).catch(failure);
  });
  $('page-next').addEventListener('click', () => {
    if (!state.nextCursor) return;
    state.cursors[state.page + 1] = state.nextCursor;
    state.page += 1;
    loadMemories().catch(failure);
  });
  $('page-first').addEventListener('click', () => {
    resetPaging();
    loadMemories().catch(failure);
  });

  // ---- Memory detail -----------------------------------------------------------------------------------------------

  async function showMemory(id) {
    const p = project();
    const [memory, history, provenance] = await Promise.all([
      tool('get_memory', { memory_id: id, project: p }),
      tool('memory_history', { memory_id: id, project: p }),
      get('/console/api/provenance?project=' + encodeURIComponent(p) + '&memory_id=' + encodeURIComponent(id)),
    ]).catch((e) => { failure(e); return []; });
    if (!memory) return;
    const body = clear($('detail-body'));
    body.append(
      el('h2', null, 'Memory'),
      el('pre', { className: 'memory-content', id: 'detail-content' }, memory.content),
      keyValues({
        id: memory.id, type: memory.memory_type, state: memory.state, tags: (memory.tags || []).join(', '),
        metadata: memory.metadata, importance: memory.importance, confidence: memory.confidence,
        'occurred at': memory.occurred_at, 'created at': memory.created_at, 'valid from': memory.valid_from,
        'valid to': memory.valid_to, embedding: memory.embedding_status, 'recalled (times)': memory.access_count,
      }),
      memory.superseded_by ? el('p', null, 'Superseded by ', el('button', { type: 'button', className: 'link',
        id: 'detail-successor', onclick: () => showMemory(memory.superseded_by) }, memory.superseded_by)) : '',
      el('h3', null, 'History'),
      el('ol', { className: 'history', id: 'detail-history' }, history.entries.map((h) =>
        el('li', { 'data-action': h.action }, el('strong', null, h.action), ' ', text(h.at),
          h.reason ? el('span', { className: 'reason' }, ' — ' + h.reason) : ''))),
      el('h3', null, 'Provenance'),
      provenance.events.length === 0 ? el('p', { className: 'caption' }, 'Not derived from recorded events.')
        : eventList(provenance.events),
      el('div', { className: 'actions' },
        memory.state === 'active' ? el('button', { type: 'button', id: 'detail-forget', onclick: () => forget(memory) },
          'Forget') : '',
        el('button', { type: 'button', id: 'detail-purge', className: 'danger', onclick: () => purge(memory) },
          'Purge')));
    $('detail').hidden = false;
  }

  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; });

  function confirmAction(message, withReason) {
    const dialog = $('confirm');
    $('confirm-text').textContent = message;
    $('confirm-reason').value = '';
    $('confirm-reason-label').hidden = !withReason;
    return new Promise((resolve) => {
      const done = (ok) => {
        $('confirm-ok').onclick = null;
        $('confirm-cancel').onclick = null;
        dialog.close();
        resolve(ok ? { reason: $('confirm-reason').value.trim() } : null);
      };
      $('confirm-ok').onclick = () => done(true);
      $('confirm-cancel').onclick = () => done(false);
      dialog.oncancel = () => done(false);
      dialog.showModal();
    });
  }

  async function forget(memory) {
    const answer = !destructive('forget') ? { reason: '' }
      : await confirmAction('Forget this memory? It stays, with its history, but is no longer recalled.', true);
    if (!answer) return;
    const params = { memory_id: memory.id, project: project() };
    if (answer.reason) params.reason = answer.reason;
    await tool('forget', params).catch(failure);
    notice('Forgotten.');
    await showMemory(memory.id);
    loaders[currentTab()]();
  }

  async function purge(memory) {
    const answer = await confirmAction('Purge this memory? It is erased for good: the row is deleted and its '
      + 'history snapshots are blanked. This cannot be undone.', true);
    if (!answer) return;
    const params = { memory_id: memory.id, project: project(), confirm: true };
    if (answer.reason) params.reason = answer.reason;
    try {
      await tool('purge_memory', params);
    } catch (e) {
      failure(e);
      return;
    }
    $('detail').hidden = true;
    notice('Purged.');
    Promise.resolve(loaders[currentTab()]()).catch(failure);
  }

  // ---- Events ------------------------------------------------------------------------------------------------------

  function eventList(events) {
    const consolidated = (e) => e.consolidated || e.consolidation_state === 'consolidated';
    return el('ul', { className: 'events' }, events.map((e) =>
      el('li', { className: 'event' + (consolidated(e) ? ' consolidated' : '') },
        el('span', { className: 'time' }, text(e.occurred_at).slice(11, 19)),
        el('span', { className: 'badge type' }, e.event_type),
        e.outcome ? el('span', { className: 'badge outcome-' + e.outcome }, e.outcome) : '',
        el('span', { className: 'event-content' }, short(e.content, 300)),
        consolidated(e) ? el('span', { className: 'badge' }, 'consolidated') : '')));
  }

  async function loadEvents() {
    const days = Number($('e-days').value) || 7;
    const params = { project: project(), limit: 1000, from: new Date(Date.now() - days * 86400000).toISOString() };
    if ($('e-type').value) params.event_type = $('e-type').value;
    const answer = await tool('recall_events', params);
    const outcome = $('e-outcome').value;
    const consolidated = $('e-consolidated').value;
    const events = answer.events.filter((e) => (!outcome || e.outcome === outcome)
      && (!consolidated || (consolidated === 'yes') === Boolean(e.consolidated)));
    $('events-caption').textContent = plural(events.length, 'event') + ' in the last ' + plural(days, 'day')
      + (answer.events.length >= 1000 ? ' (the newest 1000)' : '') + ', by day and session.';
    const byDay = new Map();
    for (const e of events) {
      const day = text(e.occurred_at).slice(0, 10);
      if (!byDay.has(day)) byDay.set(day, new Map());
      const sessions = byDay.get(day);
      const session = e.session_id || '(no session)';
      if (!sessions.has(session)) sessions.set(session, []);
      sessions.get(session).push(e);
    }
    const timeline = clear($('timeline'));
    for (const [day, sessions] of byDay) {
      const count = [...sessions.values()].reduce((n, list) => n + list.length, 0);
      timeline.append(el('div', { className: 'day' }, el('h3', null, day + ' · ' + plural(count, 'event')),
        [...sessions].map(([session, list]) => el('div', { className: 'session' },
          el('h4', null, 'session ' + session), eventList(list)))));
    }
  }

  $('event-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    loadEvents().catch(failure);
  });

  // ---- Patterns and consolidation ----------------------------------------------------------------------------------

  async function loadPatterns() {
    const page = await tool('list_memories', { project: project(), memory_type: 'pattern', limit: 200 });
    table($('patterns-table'), ['pattern', 'confidence', 'reinforced (occurrences)', 'kind', 'model validated'],
      page.items.map((m) => el('tr', { className: 'clickable', onclick: () => showPatternEvents(m) },
        el('td', { className: 'content' }, m.content), el('td', null, bar(m.confidence, 1, 'confidence')),
        el('td', null, text((m.metadata || {}).occurrences ?? 1)),
        el('td', null, text((m.metadata || {}).pattern_type)),
        el('td', null, (m.metadata || {}).model_validated ? 'yes' : 'no'))));
    clear($('pattern-events'));
  }

  async function showPatternEvents(pattern) {
    const provenance = await get('/console/api/provenance?project=' + encodeURIComponent(project())
      + '&memory_id=' + encodeURIComponent(pattern.id));
    const target = clear($('pattern-events'));
    target.append(el('h3', null, 'Events behind: ' + short(pattern.content, 120)), eventList(provenance.events),
      el('button', { type: 'button', onclick: () => showMemory(pattern.id) }, 'Details and history'));
  }

  async function consolidate(dryRun) {
    if (!dryRun && !(await confirmAction('Run consolidation for real? Patterns are written and events marked '
      + 'consolidated.', false))) return;
    const params = { project: project(), strategy: $('c-strategy').value, days_back: Number($('c-days').value) || 7,
      dry_run: dryRun };
    const target = clear($('consolidation-report'));
    target.append(el('p', { className: 'caption' }, dryRun ? 'Dry run…' : 'Running…'));
    const report = await tool('run_consolidation', params);
    clear(target).append(el('h3', { id: 'report-title' }, dryRun ? 'Dry run report (nothing written)' : 'Run report'),
      keyValues(report));
    if (!dryRun) loadPatterns().catch(failure);
  }

  $('c-dry-run').addEventListener('click', () => consolidate(true).catch(failure));
  $('c-run').addEventListener('click', () => consolidate(false).catch(failure));

  // ---- Status ------------------------------------------------------------------------------------------------------

  async function loadStatus() {
    const [health, status] = await Promise.all([healthReport(), get('/console/api/status')]);
    const deps = health.dependencies || {};
    clear($('status-health')).append(
      el('p', { className: 'status-' + health.status, id: 'status-overall' }, 'Athena ' + text(health.version)
        + ': ' + health.status + (health.uptime_seconds !== undefined ? ', up ' + health.uptime_seconds + ' s' : '')),
      el('table', { className: 'kv' }, Object.entries(deps).map(([name, d]) => el('tr', null, el('th', null, name),
        el('td', { className: 'nowrap status-' + d.status }, d.status),
        el('td', { className: 'nowrap' }, text(d.latency_ms) + ' ms'),
        el('td', null, text(d.detail))))));
    const latency = status.recall_latency;
    clear($('status-latency')).append(latency === null
      ? el('p', { className: 'caption' }, 'Shown to keys bound to every project: the timer covers all projects.')
      : keyValues({ 'recall calls (since start)': latency.calls, 'mean (ms)': number(latency.mean_ms, 1),
        'longest, last minutes (ms)': number(latency.recent_max_ms, 1),
        'median at most (ms)': latency.p50_up_to_ms ?? '–',
        '95th percentile at most (ms)': latency.p95_up_to_ms ?? '–' }));
    clear($('status-backlog')).append(el('p', { className: 'big' }, text(status.pending_embedding)),
      el('p', { className: 'caption' }, 'active memories waiting for their embedding'));
    const published = parameter('list_memories', 'memory_type').enum;
    const types = published || [...new Set(status.counts.map((c) => c.memory_type))].sort();
    const grid = new Map(status.projects.map((p) => [p, {}]));
    for (const c of status.counts) {
      const row = grid.get(c.project) || {};
      row[c.memory_type] = row[c.memory_type] || {};
      row[c.memory_type][c.state] = c.memories;
      grid.set(c.project, row);
    }
    const cell = (counts) => {
      if (!counts) return '0';
      const parts = Object.entries(counts).filter(([s]) => s !== 'active').map(([s, n]) => n + ' ' + s);
      return text(counts.active || 0) + (parts.length ? ' (+' + parts.join(', ') + ')' : '');
    };
    const countTable = el('table', { className: 'grid', id: 'status-counts-table' });
    table(countTable, ['project'].concat(types), [...grid].map(([p, row]) =>
      el('tr', null, el('td', null, p), types.map((t) => el('td', null, cell(row[t]))))));
    clear($('status-counts')).append(countTable);
  }

  async function healthReport() {
    const response = await fetch('/health', { headers: headers(false), cache: 'no-store' });
    return response.json();
  }

  $('status-refresh').addEventListener('click', () => loadStatus().catch(failure));

  // ---- Remember ----------------------------------------------------------------------------------------------------

  $('remember-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('remember-result');
    const params = { project: project(), content: $('r-content').value, memory_type: $('r-type').value,
      importance: Number($('r-importance').value) };
    const tags = tagList($('r-tags').value);
    if (tags.length) params.tags = tags;
    const maxTags = parameter('remember', 'tags').maxItems;
    if (typeof maxTags === 'number' && tags.length > maxTags) {
      result.textContent = 'tags: at most ' + maxTags + ' tags';
      result.className = 'result error';
      return;
    }
    try {
      const raw = $('r-metadata').value.trim();
      if (raw) params.metadata = JSON.parse(raw);
    } catch (e) {
      result.textContent = 'metadata: not valid JSON (' + e.message + ')';
      result.className = 'result error';
      return;
    }
    try {
      const answer = await tool('remember', params);
      result.textContent = answer.status + ': ' + answer.id;
      result.className = 'result';
      $('r-content').value = '';
    } catch (e) {
      const errors = (e.problem && e.problem.errors) || [];
      result.textContent = errors.length ? errors.map((x) => x.field + ': ' + x.reason).join('; ') : e.message;
      result.className = 'result error';
    }
  });

  // ---- Import ------------------------------------------------------------------------------------------------------

  /** Lines that are not JSON objects are reported at once; the rest go to remember_batch in batches. */
  function parseLines(content) {
    const items = [];
    const errors = [];
    content.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const item = JSON.parse(line);
        if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new Error('not a JSON object');
        items.push({ line: i + 1, item: item });
      } catch (e) {
        errors.push({ line: i + 1, reason: 'not a JSON object (' + e.message + ')' });
      }
    });
    return { items: items, errors: errors };
  }

  /**
   * remember_batch writes all or nothing: when it refuses a batch it names the bad items (items[3].content), which
   * are reported and left out, and the rest of the batch is sent again.
   */
  async function importBatch(batch, errors, totals) {
    let pending = batch;
    while (pending.length > 0) {
      try {
        const answer = await tool('remember_batch', { project: project(), items: pending.map((x) => x.item) });
        totals.created += answer.created;
        totals.duplicates += answer.duplicates;
        totals.pending += answer.pending_embedding;
        return;
      } catch (e) {
        const named = ((e.problem && e.problem.errors) || [])
          .map((x) => ({ match: /^items\[(\d+)\]\.?(.*)$/.exec(x.field), reason: x.reason }))
          .filter((x) => x.match);
        if (e.status !== 400 || named.length === 0) {
          pending.forEach((x) => errors.push({ line: x.line, reason: e.message }));
          return;
        }
        const bad = new Set();
        for (const x of named) {
          const index = Number(x.match[1]);
          if (!pending[index] || bad.has(index)) continue;
          bad.add(index);
          errors.push({ line: pending[index].line, reason: (x.match[2] || 'item') + ': ' + x.reason });
        }
        pending = pending.filter((_, i) => !bad.has(i));
      }
    }
  }

  $('import-start').addEventListener('click', async () => {
    const file = $('import-file').files[0];
    const summary = $('import-summary');
    const list = clear($('import-errors'));
    if (!file) {
      summary.textContent = 'Choose a .jsonl file first.';
      return;
    }
    const { items, errors } = parseLines(await file.text());
    const progress = $('import-progress');
    progress.hidden = false;
    progress.max = Math.max(1, items.length);
    progress.value = 0;
    const totals = { created: 0, duplicates: 0, pending: 0 };
    $('import-start').disabled = true;
    try {
      for (let i = 0; i < items.length; i += IMPORT_BATCH) {
        const batch = items.slice(i, i + IMPORT_BATCH);
        summary.textContent = 'Importing lines ' + batch[0].line + '–' + batch[batch.length - 1].line + '…';
        await importBatch(batch, errors, totals);
        progress.value = Math.min(items.length, i + IMPORT_BATCH);
      }
    } finally {
      $('import-start').disabled = false;
    }
    errors.sort((a, b) => a.line - b.line);
    summary.textContent = 'Done: ' + totals.created + ' created, ' + totals.duplicates + ' duplicates, '
      + totals.pending + ' waiting for their embedding, ' + plural(errors.length, 'line') + ' refused.';
    errors.forEach((x) => list.append(el('li', { 'data-line': x.line }, 'line ' + x.line + ': ' + x.reason)));
  });

  start();
}());

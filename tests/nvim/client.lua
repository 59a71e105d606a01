-- Drives `guide-lint server` from Neovim's built-in LSP client (Neovim 0.7 APIs only), as a
-- translator would: open a guide, read the diagnostics, apply a code action, hover a Danish
-- paragraph, edit the English page and see GL407 appear on the Danish one.
-- Run by tests/nvim.rs; writes one line per step to $GL_OUT and exits non-zero on failure.
local bin, root, out_path = os.getenv('GL_BIN'), os.getenv('GL_ROOT'), os.getenv('GL_OUT')
local out = io.open(out_path, 'w')
local function say(s) out:write(s .. '\n'); out:flush() end
local function fail(s) say('FAIL ' .. s); out:close(); vim.cmd('cquit 1') end
local WAIT = 60000

local function main()
local da_path = root .. '/guides/da/move-to-another-mastodon-server.md'
local en_path = root .. '/guides/en/move-to-another-mastodon-server.md'

local client_id = vim.lsp.start_client({
  cmd = { bin, 'server' },
  root_dir = root,
  on_exit = function(code) say('server exited ' .. tostring(code)) end,
})
if not client_id then fail('the client did not start') end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

local function codes(buf)
  local c = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do c[#c + 1] = tostring(d.code) end
  table.sort(c)
  return table.concat(c, ',')
end

local function wait_for(what, cond)
  if not vim.wait(WAIT, cond, 20) then fail('timed out waiting for ' .. what) end
end

local function find_line(buf, needle)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if l:find(needle, 1, true) then return i - 1, l end
  end
  fail('no line with ' .. needle)
end

-- 1. Open the Danish guide and break a component path: GL102 appears.
local da = open(da_path)
wait_for('the client to initialize', function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end)
local row, line = find_line(da, 'data-path="/settings/export"')
local broken = line:gsub('data%-path="/settings/export"', 'data-path="settings/export"', 1)
vim.api.nvim_buf_set_lines(da, row, row + 1, false, { broken })
wait_for('GL102 on the Danish page', function() return codes(da):find('GL102', 1, true) ~= nil end)
local gl102
for _, d in ipairs(vim.diagnostic.get(da)) do if d.code == 'GL102' then gl102 = d end end
say('diagnostic ' .. gl102.code .. ' ' .. gl102.lnum .. ':' .. gl102.col .. ' ' .. gl102.message:gsub('\n.*', ''))

-- 2. Ask for code actions on it and apply the preferred fix.
local client = vim.lsp.get_client_by_id(client_id)
local range = { start = { line = gl102.lnum, character = gl102.col },
                ['end'] = { line = gl102.end_lnum, character = gl102.end_col } }
local params = {
  textDocument = vim.lsp.util.make_text_document_params(da),
  range = range,
  context = { diagnostics = { { range = range, message = gl102.message, code = gl102.code,
                                severity = gl102.severity, source = gl102.source } } },
}
local resp = client.request_sync('textDocument/codeAction', params, WAIT, da)
if not resp or resp.err then fail('codeAction: ' .. vim.inspect(resp)) end
local preferred
for _, a in ipairs(resp.result) do
  say('action ' .. a.title)
  if a.isPreferred then preferred = a end
end
if not preferred then fail('no preferred quick fix') end
vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
local _, fixed = find_line(da, 'settings/export')
if not fixed:find('data-path="/settings/export"', 1, true) then fail('buffer not fixed: ' .. fixed) end
say('buffer fixed ' .. fixed:match('data%-path="[^"]*"'))
wait_for('GL102 to go away', function() return codes(da):find('GL102', 1, true) == nil end)
say('diagnostics after the fix: ' .. (codes(da) == '' and 'none' or codes(da)))

-- 3. Hover a Danish paragraph: the English paragraph.
local prow = find_line(da, 'På den **gamle** server')
vim.api.nvim_win_set_cursor(0, { prow + 1, 2 })
local hover = client.request_sync('textDocument/hover', vim.lsp.util.make_position_params(), WAIT, da)
if not hover or hover.err or not hover.result then fail('hover: ' .. vim.inspect(hover)) end
local text = hover.result.contents.value
if not text:find('On the **old** server, navigate to the', 1, true) then fail('hover shows ' .. text) end
say('hover ' .. text:gsub('\n', ' '))

-- 4. Edit the English page (unsaved): GL407 appears on the Danish page.
local en = open(en_path)
local erow, eline = find_line(en, 'In this step we manually backup your data')
local changed = eline:gsub('manually backup your data', 'back up your data by hand', 1)
vim.api.nvim_buf_set_lines(en, erow, erow + 1, false, { changed })
wait_for('GL407 on the Danish page', function() return codes(da):find('GL407', 1, true) ~= nil end)
for _, d in ipairs(vim.diagnostic.get(da)) do
  if d.code == 'GL407' then say('diagnostic GL407 ' .. d.lnum .. ' ' .. d.message:gsub('\n', ' | ')) end
end

-- 5. Shut down cleanly.
vim.lsp.stop_client(client_id)
wait_for('the server to stop', function() return vim.lsp.get_client_by_id(client_id) == nil end)
say('OK')
out:close()
end

local ok, err = xpcall(main, debug.traceback)
if not ok then fail('error: ' .. tostring(err)) end
vim.cmd('qall!')

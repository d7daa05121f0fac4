-- Neovim 0.7 end-to-end test of `outlint lsp` (consumers.md "Language
-- server"): run as
--   OUTLINT_BIN=… EXPECT_LINE=N nvim --headless -u NONE -c 'luafile quickfix.lua' FILE.md
-- Findings arrive for the buffer, the quick fix for tone/sie-form on a line
-- with umlauts is asked for as Neovim's own code_action asks (diagnostics
-- converted back from the buffer, byte-based columns and all), applied with
-- vim.lsp.util.apply_workspace_edit, the findings clear, the server shuts
-- down cleanly with status 0. The editor's exit status is the result:
-- `qa!` (0) passes, `cq!` (1) fails.

local bin = os.getenv('OUTLINT_BIN')
local expect_line = tonumber(os.getenv('EXPECT_LINE')) -- 0-based
local bufnr = vim.api.nvim_get_current_buf()

local function log(msg)
  io.stderr:write(msg .. '\n')
end

local function fail(msg)
  log('FAIL: ' .. msg)
  vim.cmd('cq!')
end

-- a Lua error must fail the test, not leave the editor waiting
local function main()
  local exit_code
  local client_id = vim.lsp.start_client({
    name = 'outlint',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.getcwd(),
    on_exit = function(code, _) exit_code = code end,
  })
  if not client_id then return fail('start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- 1. findings arrive, the tone/sie-form one on the expected line
  local function sie_form()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'tone/sie-form' or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == 'tone/sie-form') then
        return d
      end
    end
  end
  if not vim.wait(20000, function() return sie_form() ~= nil end, 50) then
    return fail('no tone/sie-form diagnostic arrived')
  end
  local d = sie_form()
  local line = vim.api.nvim_buf_get_lines(bufnr, expect_line, expect_line + 1, true)[1]
  local want_col = line:find('dir', 1, true) - 1 -- bytes: Neovim converted from UTF-16
  if d.lnum ~= expect_line or d.col ~= want_col or d.end_col ~= want_col + 3 then
    return fail(string.format('diagnostic at %d:%d-%d, expected %d:%d-%d',
      d.lnum, d.col, d.end_col, expect_line, want_col, want_col + 3))
  end
  if d.severity ~= vim.diagnostic.severity.ERROR then
    return fail('severity ' .. tostring(d.severity))
  end

  -- 2. the quick fix, asked for the way vim.lsp.buf.code_action does
  vim.api.nvim_win_set_cursor(0, { expect_line + 1, want_col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, expect_line) }
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  if not res or not res[client_id] or res[client_id].err then
    return fail('codeAction failed: ' .. vim.inspect(res))
  end
  local action
  for _, a in ipairs(res[client_id].result or {}) do
    if a.kind == 'quickfix' and a.edit then action = a end
  end
  if not action then
    return fail('no quickfix action: ' .. vim.inspect(res[client_id].result))
  end
  if action.title ~= 'Ersetzen durch „Ihnen“' then
    return fail('title ' .. action.title)
  end
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  local fixed = vim.api.nvim_buf_get_lines(bufnr, expect_line, expect_line + 1, true)[1]
  local want = line:sub(1, want_col) .. 'Ihnen' .. line:sub(want_col + 4)
  if fixed ~= want then
    return fail('line after the fix: ' .. fixed .. '\n   expected: ' .. want)
  end

  -- 3. the findings clear (didChange is sent by the client)
  if not vim.wait(20000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50) then
    return fail('diagnostics left after the fix: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  end

  -- 4. clean shutdown: shutdown, exit, status 0
  vim.lsp.stop_client(client_id)
  if not vim.wait(10000, function() return exit_code ~= nil end, 50) then
    return fail('server did not exit')
  end
  if exit_code ~= 0 then
    return fail('server exit status ' .. tostring(exit_code))
  end
  vim.cmd('qa!')
end

local ok, err = pcall(main)
if not ok then fail(tostring(err)) end

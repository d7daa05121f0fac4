-- Neovim 0.7 end-to-end test of `outlint lsp` on a campaign file: run as
--   OUTLINT_BIN=… nvim --headless -u NONE -c 'luafile campaign.lua' q1.yaml
-- The campaign's own finding (campaign/consent) arrives for its buffer and
-- its step's template (templates/a.md, not open) is linted in the
-- campaign's context, its finding published under the template's URI; then
-- a clean shutdown. `qa!` (0) passes, `cq!` (1) fails.

local bin = os.getenv('OUTLINT_BIN')
local bufnr = vim.api.nvim_get_current_buf()

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cq!')
end

local function has(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code == code) then
      return true
    end
  end
  return false
end

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

  if not vim.wait(20000, function() return has(bufnr, 'campaign/consent') end, 50) then
    return fail('no campaign/consent diagnostic on the campaign: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  end
  local tpl = vim.uri_to_bufnr(vim.uri_from_fname(vim.fn.getcwd() .. '/templates/a.md'))
  if not vim.wait(20000, function() return has(tpl, 'tone/sie-form') end, 50) then
    return fail('no tone/sie-form diagnostic on the step template: ' .. vim.inspect(vim.diagnostic.get(tpl)))
  end

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

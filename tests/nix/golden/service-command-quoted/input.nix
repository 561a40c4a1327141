# String commands and entrypoints are split as compose (and a shell) splits them (issue 11,
# item 7): quotes group words and are removed, backslashes escape.
{
  compositions.app.services = {
    db = { image = "postgres:16"; cmd = "postgres -c 'shared_buffers=256MB' -c \"log_line_prefix=%m [%p] \""; };
    web = { image = "busybox"; entrypoint = "/bin/sh -c"; cmd = ''"echo \"hello world\" && sleep infinity"''; };
    escaped = { image = "busybox"; cmd = ''echo a\ b 'it'\'''s' ""''; };
  };
}

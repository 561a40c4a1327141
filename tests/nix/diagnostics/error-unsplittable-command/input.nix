# A string cmd or entrypoint with a quote that is not closed cannot be split as compose
# splits it (issue 11, item 7).
{
  compositions.app.services = {
    db = { image = "postgres"; cmd = "postgres -c 'shared_buffers=256MB"; };
    web = { image = "nginx"; entrypoint = ''/bin/sh -c "exec nginx''; };
  };
  show = [ "assertions" "warnings" ];
}

# One IPv6 host address:port published twice, spelled differently each time: the long form,
# the short form in brackets, without brackets, with leading zeros and upper case
# (issue 11, item 8). Another address on the same port does not clash.
{
  compositions.app.services = {
    long.image = "a";
    long.ports = [ { target = 80; published = 8080; hostIp = "::1"; } ];
    bracketed = { image = "b"; ports = [ "[0:0::0001]:8080:80" ]; };
    bare = { image = "c"; ports = [ "::1:8080:81" ]; };
    other = { image = "d"; ports = [ "[2001:DB8::1]:8080:80" "[::2]:9090:90" ]; };
    same = { image = "e"; ports = [ "[2001:db8:0:0::1]:8080:80/tcp" ]; };
  };
  show = [ "assertions" ];
}

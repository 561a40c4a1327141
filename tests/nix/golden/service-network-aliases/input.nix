{
  compositions.app = {
    networks = { back = { }; front = { }; };
    services.db = {
      image = "postgres:16";
      networks = { back.aliases = [ "database" "db" ]; front.aliases = [ "pg" ]; };
    };
  };
}

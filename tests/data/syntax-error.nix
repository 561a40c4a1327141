# A compositions file with a syntax error on line 5 (missing semicolon).
{
  app.services.web = {
    image = "nginx"
  };
}

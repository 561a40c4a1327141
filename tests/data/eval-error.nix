# Evaluates to an error: an undefined variable on line 3.
{
  app.services.web.image = imageFromSomewhere;
}

// Starts Swagger UI on /docs over the server's own schema (a file, so the page needs no inline
// script and the Content-Security-Policy can forbid them).
window.ui = window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  layout: "BaseLayout",
});

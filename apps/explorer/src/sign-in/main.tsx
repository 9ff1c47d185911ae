import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../styles.css";
import { AuthorizePage } from "./authorize-page.js";
import { readPageData } from "./page-data.js";

// The PDS's sign-in and consent page for OAuth apps (GET /oauth/authorize serves it with its data).
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthorizePage data={readPageData()} />
  </StrictMode>,
);

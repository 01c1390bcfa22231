// Handlers of the project-management routes (PROJECT_ROUTES in daemon/protocol/projectRoutes.ts):
// removing a project and its preview, the repository's branches, an artifact's text. One call each.
import type { PROJECT_ROUTES } from '../protocol/projectRoutes.js';
import type { ArtifactReader } from '../sessions/artifactReader.js';
import { projectBranches } from '../sessions/projectBranches.js';
import type { ProjectRemoval } from '../sessions/projectRemoval.js';
import type { ProjectService } from '../sessions/projectService.js';
import type { ApiHandlers } from './handlers.js';

/** What the project-management handlers need from the composition root. */
export interface ProjectHandlerDeps {
  projects: ProjectService;
  projectRemoval: ProjectRemoval;
  artifactReader: ArtifactReader;
}

export function projectHandlers(d: ProjectHandlerDeps): Pick<ApiHandlers, keyof typeof PROJECT_ROUTES> {
  return {
    removeProject: ({ params, query }) => d.projectRemoval.remove(params.project, query.deleteBranches === true),
    projectRemovalPreview: ({ params }) => d.projectRemoval.preview(params.project),
    listBranches: ({ params }) => projectBranches(d.projects.get(params.project)),
    getArtifact: ({ params }) => d.artifactReader.read(params.id),
  };
}

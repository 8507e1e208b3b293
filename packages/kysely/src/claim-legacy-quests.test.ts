import { syncCourse } from '@coursesync/core';
import { buildCoursePayload, toCoursePayload } from '@coursesync/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKyselyRepository, type KyselyCourseSyncRepository } from './kysely-repository';
import { describeEachDialect } from './test-support/dialects';
import { insertQuest, insertTask, snapshotRows } from './test-support/optio-fixture';
import { createTestDatabase, type TestDatabase } from './testing';

describeEachDialect('claimLegacyQuests', (dialect) => {
  let database: TestDatabase;
  let repository: KyselyCourseSyncRepository;
  beforeAll(async () => {
    database = await createTestDatabase({ dialect });
    repository = createKyselyRepository(database.db);
  });
  afterAll(() => database?.destroy());

  it('adopt-legacy-quest: a claimed quest of the old sync code is updated by the next delivery instead of duplicated', async () => {
    const { db } = database;
    const legacy = await insertQuest(db, { title: 'Chemistry (old sync)', lms_course_id: 'course_chem', is_public: true });
    await insertTask(db, legacy, { title: 'Old lab', spark_assignment_id: 'assign_chem_1', xp_value: 300, order_index: 0 });
    const other = await insertQuest(db, { title: 'Physics (old sync)', lms_course_id: 'course_phys' });
    const optio = await insertQuest(db, { title: 'Not a course', quest_type: 'optio', lms_course_id: 'course_chem_x' });
    const canvas = await insertQuest(db, { title: 'Canvas course', lms_platform: 'canvas', lms_org_id: '9', lms_course_id: 'course_chem' });
    const untouched = await snapshotRows(db, [other, optio, canvas]);

    const claimed = await repository.claimLegacyQuests({ orgId: '7', courseIds: ['course_chem', 'course_missing'] });
    expect(claimed).toEqual([{ questId: legacy, courseId: 'course_chem' }]);
    expect(await snapshotRows(db, [other, optio, canvas])).toEqual(untouched);
    expect(await repository.claimLegacyQuests({ orgId: '7', courseIds: ['course_chem'] })).toEqual([]);

    const wire = buildCoursePayload({
      spark_org_id: '7', spark_course_id: 'course_chem', course_title: 'Chemistry',
      assignments: [{ spark_assignment_id: 'assign_chem_1', title: 'Lab 1' }, { spark_assignment_id: 'assign_chem_2', title: 'Lab 2' }],
    });
    const result = await syncCourse(repository, toCoursePayload(wire));
    expect(result).toMatchObject({ questId: legacy, created: false, taskCount: 2, tasksCreated: 1, tasksUpdated: 1 });
    const course = await repository.findCourse({ platform: 'spark', orgId: '7', courseId: 'course_chem' });
    expect(course?.quest).toMatchObject({ id: legacy, title: 'Chemistry', isPublic: true });
    expect(course?.tasks.map((task) => [task.assignmentId, task.title, task.xpValue])).toEqual([
      ['assign_chem_1', 'Lab 1', 300],
      ['assign_chem_2', 'Lab 2', 100],
    ]);
  });

  it('claim-collision-refused: a claim that would duplicate a key claims nothing and names the course ids', async () => {
    const { db } = database;
    // Org 8 already has course_bio via this library; two legacy quests share course_geo.
    await syncCourse(repository, toCoursePayload(buildCoursePayload({ spark_org_id: '8', spark_course_id: 'course_bio' })));
    const legacyBio = await insertQuest(db, { title: 'Bio (old sync)', lms_course_id: 'course_bio' });
    const geoA = await insertQuest(db, { title: 'Geo A', lms_course_id: 'course_geo' });
    const geoB = await insertQuest(db, { title: 'Geo B', lms_course_id: 'course_geo' });
    const art = await insertQuest(db, { title: 'Art (old sync)', lms_course_id: 'course_art' });
    const before = await snapshotRows(db, [legacyBio, geoA, geoB, art]);

    await expect(repository.claimLegacyQuests({ orgId: '8', courseIds: ['course_bio', 'course_geo', 'course_art'] })).rejects.toMatchObject({
      name: 'LegacyClaimError',
      courseIds: ['course_bio', 'course_geo'],
      message: expect.stringMatching(/course id\(s\) "course_bio", "course_geo" .*then claim again\.$/),
    });
    expect(await snapshotRows(db, [legacyBio, geoA, geoB, art])).toEqual(before);

    expect(await repository.claimLegacyQuests({ orgId: '8', courseIds: ['course_art'], platform: 'spark' })).toEqual([{ questId: art, courseId: 'course_art' }]);
  });

  it('claim-needs-org: refuses an empty org id', async () => {
    await expect(repository.claimLegacyQuests({ orgId: '' })).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR' });
  });
});
